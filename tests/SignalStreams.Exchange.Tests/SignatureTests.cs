using SignalStreams.Exchange.Binance;
using Xunit;

namespace SignalStreams.Exchange.Tests;

public sealed class SignatureTests
{
    // The worked HMAC example of Binance's "SIGNED Endpoint Examples for POST /api/v3/order".
    private const string DocumentedSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string DocumentedQuery = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    private const string DocumentedSignature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";

    [Fact]
    public void Binance_documented_example_produces_the_documented_signature()
    {
        Assert.Equal(DocumentedSignature, BinanceSigner.Sign(DocumentedSecret, DocumentedQuery));
    }

    [Fact]
    public void Verification_accepts_the_documented_signature_in_any_case_and_refuses_a_changed_query()
    {
        Assert.True(BinanceSigner.Verify(DocumentedSecret, DocumentedQuery, DocumentedSignature.ToUpperInvariant()));
        Assert.False(BinanceSigner.Verify(DocumentedSecret, DocumentedQuery.Replace("quantity=1", "quantity=2", StringComparison.Ordinal), DocumentedSignature));
        Assert.False(BinanceSigner.Verify(DocumentedSecret + "x", DocumentedQuery, DocumentedSignature));
    }
}
