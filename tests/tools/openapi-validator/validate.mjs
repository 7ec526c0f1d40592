// Validates OpenAPI documents with an independent (non-.NET) validator: @apidevtools/swagger-parser checks the
// document against the OpenAPI 3.x JSON schema and resolves every $ref. Prints one JSON line per document:
// {"file", "valid", "openapi", "paths", "error"}; exits 1 when any document is invalid.
import SwaggerParser from "@apidevtools/swagger-parser";

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const api = await SwaggerParser.validate(file);
    console.log(JSON.stringify({ file, valid: true, openapi: api.openapi, paths: Object.keys(api.paths ?? {}) }));
  } catch (error) {
    failed = true;
    console.log(JSON.stringify({ file, valid: false, error: String(error?.message ?? error) }));
  }
}
process.exit(failed ? 1 : 0);
