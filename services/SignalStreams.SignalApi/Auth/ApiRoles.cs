namespace SignalStreams.SignalApi.Auth;

/// <summary>
/// The roles a bearer token can have. <c>admin</c> implies the other two: an operator who may onboard users may
/// also read and publish, so one admin token is enough for a console. <c>source</c> and <c>reader</c> are disjoint.
/// </summary>
public static class ApiRoles
{
    public const string Admin = "admin";
    public const string Source = "source";
    public const string Reader = "reader";

    public static readonly IReadOnlyList<string> All = [Admin, Source, Reader];

    /// <summary>Authorization policy names: the role an endpoint needs.</summary>
    public static class Policies
    {
        public const string Admin = "role:admin";
        public const string Source = "role:source";
        public const string Reader = "role:reader";
    }
}
