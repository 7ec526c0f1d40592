#!/bin/sh
# Creates every topic of CONTRACT.md §2 and its single-partition <topic>.dlq twin, with the partition counts,
# cleanup policies and retentions of libs/SignalStreams.Contracts/TopicNames.cs (a test keeps the two in step).
# Idempotent: an existing topic is left as it is (--if-not-exists), so the script can run on every `up`.
#
# Environment:
#   BOOTSTRAP_SERVERS     kafka:9092
#   TOPIC_PREFIX          ""   (Kafka:TopicPrefix of the services)
#   REPLICATION_FACTOR    1    (3 on a real cluster)
#   MIN_INSYNC_REPLICAS   1    (2 on a real cluster: with acks=all a write then survives the loss of one broker,
#                               and producers are refused rather than silently under-replicated when two are down)
#   COMMAND_CONFIG        ""   path to a client properties file (SASL_SSL settings) for a secured cluster
set -eu

bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
prefix="${TOPIC_PREFIX:-}"
replication="${REPLICATION_FACTOR:-1}"
min_isr="${MIN_INSYNC_REPLICAS:-1}"
kafka_topics="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"
dlq_retention_ms=1209600000 # 14 days

create_one() { # name partitions cleanup.policy retention.ms|-
  name="$1" partitions="$2" policy="$3" retention="$4"
  retention_config=""
  if [ "${retention}" != "-" ]; then
    retention_config="--config retention.ms=${retention}"
  fi
  # shellcheck disable=SC2086 # retention_config and the command config are word lists on purpose
  "${kafka_topics}" --bootstrap-server "${bootstrap}" ${COMMAND_CONFIG:+--command-config "${COMMAND_CONFIG}"} \
    --create --if-not-exists --topic "${name}" --partitions "${partitions}" --replication-factor "${replication}" \
    --config "cleanup.policy=${policy}" --config "min.insync.replicas=${min_isr}" \
    --config unclean.leader.election.enable=false ${retention_config}
  echo "create-topics: ${name} (${partitions} partitions, ${policy}, retention ${retention})"
}

topic() { # base-name partitions cleanup.policy retention.ms|-
  create_one "${prefix}$1" "$2" "$3" "$4"
  create_one "${prefix}$1.dlq" 1 delete "${dlq_retention_ms}"
}

#     name                 partitions  policy   retention.ms
topic signals              6           compact  -
topic user-settings        12          compact  -
topic user-credentials     12          compact  -
topic execution-commands   12          delete   86400000
topic execution-requests   12          delete   86400000
topic signal-executions    12          compact  -
topic positions            12          compact  -
topic mt5-position-events  6           delete   604800000
topic mt5-signal-mappings  6           compact  -
topic telegram-mappings    6           compact  -
# internal: the signal-router's changelog of fanned-out signals
topic signal-router-state  6           compact  -

echo "create-topics: done"
