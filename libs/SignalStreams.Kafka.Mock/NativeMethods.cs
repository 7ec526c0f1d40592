using System.Runtime.InteropServices;

namespace SignalStreams.Kafka.Mock;

/// <summary>
/// librdkafka's mock-cluster API (<c>rdkafka_mock.h</c> of librdkafka 2.16.0), from the <c>librdkafka.redist</c>
/// package: "librdkafka" resolves through <see cref="KafkaNativeLibrary"/>, never to a system copy. Signatures follow
/// the header exactly (int32_t = int, int16_t = short, size_t = nuint, rd_kafka_resp_err_t = int); a wrong one
/// corrupts the process rather than failing.
/// </summary>
internal static partial class NativeMethods
{
    private const string Library = "librdkafka";

    internal const int ProducerType = 0;

    static NativeMethods() => KafkaNativeLibrary.ResolveFor(typeof(NativeMethods).Assembly);

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    internal static partial IntPtr ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    internal static partial IntPtr KafkaNew(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    internal static partial void KafkaDestroy(IntPtr rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_version_str")]
    internal static partial IntPtr VersionString();

    [LibraryImport(Library, EntryPoint = "rd_kafka_err2str")]
    internal static partial IntPtr ErrorToString(int error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    internal static partial IntPtr MockClusterNew(IntPtr rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    internal static partial void MockClusterDestroy(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    internal static partial IntPtr MockClusterBootstraps(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_group_initial_rebalance_delay_ms")]
    internal static partial void MockGroupInitialRebalanceDelayMs(IntPtr cluster, int delayMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_set_controller_id")]
    internal static partial void MockSetControllerId(IntPtr cluster, int controllerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockTopicCreate(IntPtr cluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    internal static partial int MockBrokerSetDown(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    internal static partial int MockBrokerSetUp(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    internal static partial int MockBrokerSetRtt(IntPtr cluster, int brokerId, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_decommission")]
    internal static partial int MockBrokerDecommission(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_add")]
    internal static partial int MockBrokerAdd(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    internal static partial void MockPushRequestErrorsArray(IntPtr cluster, short apiKey, nuint count, int[] errors);

    // Variadic in C (count pairs of error, rtt). One pair is passed as fixed arguments: on x86-64 System V and
    // AArch64 Linux a variadic int is passed exactly like a fixed one (6 integer registers here).
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    internal static partial int MockBrokerPushRequestErrorRtt(IntPtr cluster, int brokerId, short apiKey, nuint count, int error, int rttMs);

    // Variadic in C (count errors); one error per call as a fixed argument, for the same reason as above.
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_push_request_errors", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionPushRequestError(IntPtr cluster, string topic, int partition, short apiKey, nuint count, int error);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    internal static partial void MockClearRequestErrors(IntPtr cluster, short apiKey);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int MockPartitionSetLeader(IntPtr cluster, string topic, int partition, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_start_request_tracking")]
    internal static partial void MockStartRequestTracking(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_stop_request_tracking")]
    internal static partial void MockStopRequestTracking(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_requests")]
    internal static partial void MockClearRequests(IntPtr cluster);

    /// <summary>Returns an array of <c>rd_kafka_mock_request_t*</c>, freed with <see cref="MockRequestDestroyArray"/>.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_get_requests")]
    internal static partial IntPtr MockGetRequests(IntPtr cluster, out nuint count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_destroy_array")]
    internal static partial void MockRequestDestroyArray(IntPtr requests, nuint count);

    /// <summary>The id of the broker the request was sent to.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_id")]
    internal static partial int MockRequestBrokerId(IntPtr request);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_api_key")]
    internal static partial short MockRequestApiKey(IntPtr request);

    /// <summary>Microseconds (librdkafka's monotonic clock) at which the request arrived.</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_request_timestamp")]
    internal static partial long MockRequestTimestamp(IntPtr request);
}
