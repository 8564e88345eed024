using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddRagPref(builder.Configuration.GetSection("RagPref"));   // default embedder and seed store
WebApplication app = builder.Build();
app.MapHealthChecks("/healthz");
app.MapPost("/check", async (CheckBody body, IRagPrefGuard guard, CancellationToken ct) =>
{
    GuardResult r = await guard.GuardAsync(GuardRequest.UserPrompt(body.Text), ct);
    return new { verdict = r.Verdict.ToString(), r.Score, r.Margin, attack = r.AttackNeighbours.Select(n => n.Id) };
});
app.Run();

/// <summary>The body of <c>POST /check</c>.</summary>
/// <param name="Text">The user prompt to screen.</param>
internal sealed record CheckBody(string Text);
