namespace Mcip.RagPref.Tests.Packaging;

/// <summary>The tests that install the packed packages share one <see cref="PackageFixture"/> (one pack per run).</summary>
[CollectionDefinition(Name)]
public sealed class PackagesGroup : ICollectionFixture<PackageFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "packages";
}
