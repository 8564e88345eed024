namespace Mcip.RagPref.Tests.Postgres;

/// <summary>
/// The tests that need a PostgreSQL server share one <see cref="PostgresFixture"/> (one server per test run). Tests in a
/// collection run one at a time, so a test may stop the server; the fixture starts it again for the next one.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresGroup : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "postgres";
}
