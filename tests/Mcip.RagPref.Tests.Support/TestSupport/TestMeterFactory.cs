using System.Diagnostics.Metrics;

namespace Mcip.RagPref.Tests.TestSupport;

/// <summary>
/// A hand-written <see cref="IMeterFactory"/> whose meters carry it as their scope, so a <see cref="MeterListener"/>
/// can listen to this factory's instruments only (tests run in parallel and share the process-wide meter).
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }

        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            foreach (Meter meter in _meters)
            {
                meter.Dispose();
            }

            _meters.Clear();
        }
    }
}
