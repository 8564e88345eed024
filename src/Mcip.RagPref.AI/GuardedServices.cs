using Mcip.RagPref.Guard;

namespace Mcip.RagPref.AI;

/// <summary>The <c>GetService</c> answers the guarded wrappers share: unkeyed requests for the wrapper itself or its guard.</summary>
internal static class GuardedServices
{
    /// <summary>Returns <paramref name="self"/> or <paramref name="guard"/> when an unkeyed request asks for its type, else <see langword="null"/> (ask the inner object).</summary>
    /// <param name="serviceType">The requested type.</param>
    /// <param name="serviceKey">The requested key.</param>
    /// <param name="self">The wrapper.</param>
    /// <param name="guard">The wrapper's guard.</param>
    /// <returns>The service, or <see langword="null"/>.</returns>
    public static object? Find(Type serviceType, object? serviceKey, object self, IRagPrefGuard guard) =>
        serviceKey is not null ? null
        : serviceType.IsInstanceOfType(self) ? self
        : serviceType.IsInstanceOfType(guard) ? guard
        : null;
}
