using Mcip.RagPref.Guard;
using Microsoft.Extensions.AI;

namespace Mcip.RagPref.AI;

// Wraps an AIFunction (a tool the model can call) in RAG-Pref screening.
public static partial class RagPrefAIExtensions
{
    /// <summary>
    /// Returns a <see cref="RagPrefGuardedFunction"/> around <paramref name="function"/>: its calls are screened before
    /// it runs and its results before they return to the model; blocked ones are replaced by a refusal result.
    /// </summary>
    /// <param name="function">The tool.</param>
    /// <param name="guard">The guard.</param>
    /// <param name="configure">Changes the default <see cref="RagPrefFunctionOptions"/>; <see langword="null"/> keeps them.</param>
    /// <returns>The wrapping function (same name, description and schema).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> or <paramref name="guard"/> is <see langword="null"/>.</exception>
    public static RagPrefGuardedFunction WithRagPrefGuard(this AIFunction function, IRagPrefGuard guard, Action<RagPrefFunctionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(guard);
        var options = new RagPrefFunctionOptions();
        configure?.Invoke(options);
        return new RagPrefGuardedFunction(function, guard, options);
    }
}
