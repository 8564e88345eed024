using Mcip.RagPref.Guard;
using Mcip.RagPref.Requests;

namespace Mcip.RagPref.Tests.Guard;

/// <summary>An oversize request's verdict is never below the least verdict set for its surface, and never lowered.</summary>
public sealed class OversizePolicyTests
{
    [Theory]
    [InlineData(GuardSurface.UserPrompt, GuardVerdict.Allow, GuardVerdict.Flag)]
    [InlineData(GuardSurface.UserPrompt, GuardVerdict.Flag, GuardVerdict.Flag)]
    [InlineData(GuardSurface.UserPrompt, GuardVerdict.Block, GuardVerdict.Block)]
    [InlineData(GuardSurface.ToolCall, GuardVerdict.Allow, GuardVerdict.Block)]
    [InlineData(GuardSurface.ToolOutput, GuardVerdict.Allow, GuardVerdict.Flag)]
    [InlineData(GuardSurface.ToolDescription, GuardVerdict.Flag, GuardVerdict.Block)]
    [InlineData((GuardSurface)99, GuardVerdict.Allow, GuardVerdict.Block)]
    public void Apply_Defaults_RaiseToTheSurfacesLeastVerdict(GuardSurface surface, GuardVerdict verdict, GuardVerdict expected)
    {
        Assert.Equal(expected, new OversizePolicy().Apply(surface, verdict));
    }

    [Fact]
    public void Apply_AllowPolicy_KeepsTheVerdict()
    {
        var policy = new OversizePolicy { ToolCall = GuardVerdict.Allow };

        Assert.Equal(GuardVerdict.Allow, policy.Apply(GuardSurface.ToolCall, GuardVerdict.Allow));
        Assert.Equal(GuardVerdict.Flag, policy.Apply(GuardSurface.ToolCall, GuardVerdict.Flag));
    }
}
