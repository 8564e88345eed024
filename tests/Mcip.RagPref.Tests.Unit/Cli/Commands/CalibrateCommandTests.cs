using Mcip.RagPref.Cli.Commands;
using Mcip.RagPref.Guard;

namespace Mcip.RagPref.Tests.Cli.Commands;

public sealed class CalibrateCommandTests
{
    [Fact]
    public void MinBenignPerSurface_IsTheGuardsOwnRule()
    {
        // The CLI is built on the core's public API, so it keeps its own copy of the guard's fit rule; they must agree.
        Assert.Equal(StoreCalibration.MinBenignItems, CalibrateCommand.MinBenignPerSurface);
    }
}
