#!/usr/bin/env python3
"""Renders one of helm/<chart> WITHOUT helm (which this machine kind does not have), for the deployment tests.

    python3 scripts/render-chart.py helm/signal-executor kafka.bootstrapServers=kafka:9092 secrets.masterKey.existingSecret=core

Prints {"files": {"deployment.yaml": "...", ...}} as JSON, or {"error": "<the template's fail/required message>"}
with exit code 3. It implements only the subset of Go templates and Sprig functions the charts use (if/else if/
else, range over maps and lists, with, define/include, variables, pipelines, and/or short-circuit, .Files.Get, and the
functions in FUNCTIONS). It is a check of our own templates, not a replacement for `helm template`: when helm is installed the
tests run that too. Needs PyYAML.
"""
import hashlib
import json
import os
import re
import sys

import yaml

ACTION = re.compile(r"\{\{(-?)\s*(.*?)\s*(-?)\}\}", re.S)
ASSIGN = re.compile(r"^(\$\w+)\s*(:?=)\s*(.*)$", re.S)
RANGE_KV = re.compile(r"^(\$\w+)\s*,\s*(\$\w+)\s*:=\s*(.*)$", re.S)


class TemplateFailure(Exception):
    """A template called fail or required."""


def tokens(source):
    """Text and action tokens, with {{- and -}} whitespace trimming applied."""
    raw, position = [], 0
    for match in ACTION.finditer(source):
        text = source[position:match.start()]
        raw.append(["text", text.rstrip() if match.group(1) else text])
        raw.append(["action", match.group(2), bool(match.group(3))])
        position = match.end()
    raw.append(["text", source[position:]])
    result, trim_next = [], False
    for token in raw:
        if token[0] == "text":
            result.append(("text", token[1].lstrip() if trim_next else token[1]))
            trim_next = False
        else:
            result.append(("action", token[1]))
            trim_next = token[2]
    return result


def parse(items, index=0):
    """A list of nodes up to the matching else/end; returns (nodes, index of the else/end)."""
    nodes = []
    while index < len(items):
        kind, text = items[index]
        if kind == "text":
            nodes.append(("text", text))
            index += 1
            continue
        if text.startswith("/*"):
            index += 1
            continue
        word = text.split(None, 1)[0] if text else ""
        if word in ("end", "else"):
            return nodes, index
        if word in ("if", "range", "with", "define"):
            branches, otherwise = [(text[len(word):].strip(), None)], None
            body, index = parse(items, index + 1)
            branches[0] = (branches[0][0], body)
            while items[index][1].startswith("else"):
                rest = items[index][1][4:].strip()
                body, index = parse(items, index + 1)
                if rest.startswith("if"):
                    branches.append((rest[2:].strip(), body))
                else:
                    otherwise = body
            if items[index][1] != "end":
                raise SyntaxError("unclosed " + word)
            nodes.append((word, branches, otherwise))
            index += 1
            continue
        nodes.append(("expression", text))
        index += 1
    return nodes, index


def truthy(value):
    return value not in (None, False, 0, "", [], {})


def go_string(value):
    if value is None:
        return "<no value>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_yaml(value):
    if value == {}:
        return "{}"
    if value == []:
        return "[]"
    return yaml.safe_dump(value, default_flow_style=False, sort_keys=True).rstrip("\n")


def go_printf(layout, *arguments):
    out, index, position = [], 0, 0
    while position < len(layout):
        if layout[position] == "%" and position + 1 < len(layout):
            verb = layout[position + 1]
            value = arguments[index]
            index += 1
            out.append(json.dumps(go_string(value)) if verb == "q" else go_string(value))
            position += 2
        else:
            out.append(layout[position])
            position += 1
    return "".join(out)


def raise_failure(message):
    raise TemplateFailure(message)


FUNCTIONS = {
    "nindent": lambda n, s: "\n" + "\n".join((" " * n + line) if line else line for line in s.split("\n")),
    "toYaml": to_yaml,
    "quote": lambda *values: " ".join(json.dumps(go_string(v)) for v in values),
    "default": lambda fallback, value=None: value if truthy(value) else fallback,
    "trunc": lambda n, s: s[:n],
    "trimSuffix": lambda suffix, s: s[: -len(suffix)] if suffix and s.endswith(suffix) else s,
    "printf": go_printf,
    "print": lambda *values: "".join(go_string(v) for v in values),
    "required": lambda message, value: value if truthy(value) else raise_failure(message),
    "fail": raise_failure,
    "int": lambda value: int(value or 0),
    "gt": lambda a, b: a > b,
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "not": lambda value: not truthy(value),
    "hasPrefix": lambda prefix, s: go_string(s).startswith(prefix),
    "empty": lambda value: not truthy(value),
    "index": lambda mapping, key: (mapping or {}).get(key),
    "toString": lambda value: "<nil>" if value is None else go_string(value),
    "sha256sum": lambda s: hashlib.sha256(s.encode()).hexdigest(),
    "replace": lambda old, new, s: s.replace(old, new),
    "contains": lambda part, s: part in s,
}


class Renderer:
    def __init__(self, root, defines):
        self.root = root
        self.defines = defines

    def lookup(self, base, path):
        value = base
        for part in filter(None, path.split(".")):
            if value is None:
                raise TemplateFailure("nil pointer evaluating ." + part)
            if not isinstance(value, dict):
                raise TemplateFailure("cannot read ." + part + " of a " + type(value).__name__)
            value = value.get(part)
        return value

    def arguments(self, text):
        result, position = [], 0
        while position < len(text):
            char = text[position]
            if char.isspace():
                position += 1
            elif char == "(":
                depth, end = 0, position
                while True:
                    if text[end] == "(":
                        depth += 1
                    elif text[end] == ")":
                        depth -= 1
                        if depth == 0:
                            break
                    elif text[end] == '"':
                        end += 1
                        while text[end] != '"':
                            end += 2 if text[end] == "\\" else 1
                    end += 1
                result.append(("pipeline", text[position + 1:end]))
                position = end + 1
            elif char == '"':
                end = position + 1
                while text[end] != '"':
                    end += 2 if text[end] == "\\" else 1
                result.append(("string", json.loads(text[position:end + 1])))
                position = end + 1
            else:
                end = position
                while end < len(text) and not text[end].isspace() and text[end] not in "()":
                    end += 1
                result.append(("word", text[position:end]))
                position = end
        return result

    def operand(self, token, dot, variables):
        kind, text = token
        if kind == "string":
            return text
        if kind == "pipeline":
            return self.pipeline(text, dot, variables)
        if text == ".":
            return dot
        if text.startswith("$"):
            name, _, rest = text.partition(".")
            return self.lookup(self.root if name == "$" else variables[name], rest)
        if text.startswith("."):
            return self.lookup(dot, text[1:])
        if text in ("true", "false"):
            return text == "true"
        if re.fullmatch(r"-?\d+", text):
            return int(text)
        return ("function", text)

    def command(self, text, dot, variables, piped=()):
        parts = self.arguments(text)
        head = self.operand(parts[0], dot, variables)
        if callable(head):
            # A method such as .Files.Get.
            return head(*[self.operand(part, dot, variables) for part in parts[1:]], *piped)
        if not (isinstance(head, tuple) and head[0] == "function"):
            return head
        name = head[1]
        if name in ("and", "or"):
            value = None
            for part in parts[1:]:
                value = self.operand(part, dot, variables)
                if (name == "and") != truthy(value):
                    return value
            return value
        values = [self.operand(part, dot, variables) for part in parts[1:]] + list(piped)
        if name == "include":
            return self.nodes(self.defines[values[0]], values[1], {})
        return FUNCTIONS[name](*values)

    def pipeline(self, text, dot, variables):
        assignment = ASSIGN.match(text)
        if assignment:
            variables[assignment.group(1)] = self.pipeline(assignment.group(3), dot, variables)
            return None
        stages, depth, quoted, current = [], 0, False, ""
        for char in text:
            if quoted:
                quoted = char != '"' or current.endswith("\\")
            elif char == '"':
                quoted = True
            elif char in "()":
                depth += 1 if char == "(" else -1
            elif char == "|" and depth == 0:
                stages.append(current)
                current = ""
                continue
            current += char
        stages.append(current)
        value = self.command(stages[0].strip(), dot, variables)
        for stage in stages[1:]:
            value = self.command(stage.strip(), dot, variables, (value,))
        return value

    def nodes(self, nodes, dot, variables):
        out = []
        for node in nodes:
            kind = node[0]
            if kind == "text":
                out.append(node[1])
            elif kind == "expression":
                value = self.pipeline(node[1], dot, variables)
                if not ASSIGN.match(node[1]):
                    out.append(go_string(value))
            elif kind in ("if", "with"):
                for condition, body in node[1]:
                    value = self.pipeline(condition, dot, variables)
                    if truthy(value):
                        out.append(self.nodes(body, value if kind == "with" else dot, variables))
                        break
                else:
                    if node[2] is not None:
                        out.append(self.nodes(node[2], dot, variables))
            elif kind == "range":
                condition, body = node[1][0]
                pair = RANGE_KV.match(condition)
                collection = self.pipeline(pair.group(3) if pair else condition, dot, variables) or []
                keys = sorted(collection) if isinstance(collection, dict) else range(len(collection))
                for key in keys:
                    if pair:
                        variables[pair.group(1)], variables[pair.group(2)] = key, collection[key]
                    out.append(self.nodes(body, collection[key], variables))
        return "".join(out)


def set_value(values, path, text):
    value = int(text) if text.isdigit() else {"true": True, "false": False}.get(text, text)
    parts = path.split(".")
    for part in parts[:-1]:
        values = values.setdefault(part, {})
    values[parts[-1]] = value


def read_chart_file(chart_dir, name):
    """.Files.Get: a file of the chart as text, never templated; empty when absent (as in helm)."""
    path = os.path.normpath(os.path.join(chart_dir, name))
    if not path.startswith(os.path.normpath(chart_dir) + os.sep) or not os.path.isfile(path):
        return ""
    with open(path, encoding="utf-8") as file:
        return file.read()


def render(chart_dir, settings):
    with open(os.path.join(chart_dir, "values.yaml"), encoding="utf-8") as file:
        values = yaml.safe_load(file)
    with open(os.path.join(chart_dir, "Chart.yaml"), encoding="utf-8") as file:
        chart = yaml.safe_load(file)
    for setting in settings:
        path, _, text = setting.partition("=")
        set_value(values, path, text)
    templates = os.path.join(chart_dir, "templates")
    root = {
        "Values": values,
        "Chart": {"Name": chart["name"], "Version": chart["version"], "AppVersion": chart["appVersion"]},
        "Release": {"Name": "release", "Namespace": "default", "Service": "Helm"},
        "Template": {"BasePath": templates},
        "Files": {"Get": lambda name: read_chart_file(chart_dir, name)},
    }
    parsed, defines = {}, {}
    for name in sorted(os.listdir(templates)):
        with open(os.path.join(templates, name), encoding="utf-8") as file:
            nodes, _ = parse(tokens(file.read()))
        parsed[name] = nodes
        defines[os.path.join(templates, name)] = nodes
        for node in nodes:
            if node[0] == "define":
                defines[json.loads(node[1][0][0])] = node[1][0][1]
    renderer = Renderer(root, defines)
    return {name: renderer.nodes(nodes, root, {}) for name, nodes in parsed.items() if not name.startswith("_")}


if __name__ == "__main__":
    try:
        print(json.dumps({"files": render(sys.argv[1], sys.argv[2:])}))
    except TemplateFailure as failure:
        print(json.dumps({"error": str(failure)}))
        sys.exit(3)
