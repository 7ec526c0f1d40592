namespace SignalStreams.Exchange.Credentials;

/// <summary>
/// Credentials could not be sealed or opened (wrong master key length, tampered ciphertext, another user's record).
/// The message says what is wrong and never contains key material.
/// </summary>
public sealed class CredentialVaultException : Exception
{
    public CredentialVaultException(string message)
        : base(message)
    {
    }

    public CredentialVaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
