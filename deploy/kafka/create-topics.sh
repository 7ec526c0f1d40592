#!/bin/sh
# Creates every topic of the topic catalog, libs/SignalStreams.Contracts/topics.txt (the contract's topics and the
# services' internal ones, and a single-partition <topic>.dlq twin where the catalog says so), with its partition
# count, cleanup policy and retention. The services read the same file (embedded), so the two cannot drift apart.
# Idempotent: an existing topic is left as it is (--if-not-exists), so the script can run on every `up`.
#
# Environment:
#   TOPICS_FILE           topics.txt beside this script (compose mounts it there), else the repository's copy
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
here="$(dirname "$0")"
if [ -f "${here}/topics.txt" ]; then
  topics_file="${TOPICS_FILE:-${here}/topics.txt}"
else
  topics_file="${TOPICS_FILE:-${here}/../../libs/SignalStreams.Contracts/topics.txt}"
fi
dlq_retention_ms=1209600000 # 14 days
if [ ! -f "${topics_file}" ]; then
  echo "create-topics: the topic catalog ${topics_file} does not exist (set TOPICS_FILE)" >&2
  exit 1
fi

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

# owner topic partitions cleanup retention dlq, as topics.txt documents; '#' starts a comment.
sed 's/#.*//' "${topics_file}" | while read -r _owner topic topic_partitions topic_policy topic_retention dlq; do
  [ -n "${topic}" ] || continue
  create_one "${prefix}${topic}" "${topic_partitions}" "${topic_policy}" "${topic_retention}"
  if [ "${dlq}" = "yes" ]; then
    create_one "${prefix}${topic}.dlq" 1 delete "${dlq_retention_ms}"
  fi
done

echo "create-topics: done"
