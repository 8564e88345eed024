namespace Mcip.RagPref.Tests.Mcp.Http;

/// <summary>
/// Stands for a load balancer in front of stateless replicas: sends every HTTP request to the replica the test chose
/// last (same path, that replica's host and port).
/// </summary>
internal sealed class SwitchingLoadBalancer : DelegatingHandler
{
    public SwitchingLoadBalancer(Uri replica)
        : base(new SocketsHttpHandler())
    {
        Replica = replica;
    }

    /// <summary>Gets or sets the replica that answers from now on.</summary>
    public Uri Replica { get; set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.RequestUri = new UriBuilder(request.RequestUri!) { Host = Replica.Host, Port = Replica.Port }.Uri;
        return base.SendAsync(request, cancellationToken);
    }
}
