namespace Mcip.RagPref.Postgres;

/// <summary>Settings of a replica that shares its example store, thresholds and tool pins through PostgreSQL.</summary>
public sealed class RagPrefPostgresOptions
{
    /// <summary>The default <see cref="Schema"/>.</summary>
    public const string DefaultSchema = "ragpref";

    /// <summary>
    /// Gets or sets the Npgsql connection string (for example <c>Host=db;Username=ragpref;Password=…;Database=agents</c>).
    /// Required. The user needs to create a schema and tables on first use, then to read and write them.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Gets or sets the PostgreSQL schema that holds the tables (created when missing). Default <c>ragpref</c>; lower-case
    /// letters, digits and underscores, starting with a letter or underscore, at most 63 characters. Replicas that share a
    /// schema share one store; separate schemas keep separate stores in one database.
    /// </summary>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Gets or sets a local store file the replica writes after it catches up with the database and loads when the
    /// database is unreachable at start-up, so a restart during an outage still serves the last snapshot.
    /// Default <see langword="null"/>: no file (a replica that starts while the database is down has no store until it returns).
    /// </summary>
    public string? SnapshotPath { get; set; }

    /// <summary>
    /// Gets or sets how long the replica waits for a notification before it checks the database for changes anyway, which
    /// repairs a missed notification. Default 5 seconds.
    /// </summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets how often the replica compares every example id with the database and repairs any difference (a
    /// restored backup, a change made by hand). Default 5 minutes.
    /// </summary>
    public TimeSpan FullCheckInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long the replica waits before it tries again after losing the database. Default 2 seconds.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets whether the first replica to find an empty database fills it with its own store (the default store
    /// built from the seed corpus). Default <see langword="true"/>; with <see langword="false"/>, an empty database is an
    /// error until <c>ragpref store push</c> fills it.
    /// </summary>
    public bool SeedEmptyDatabase { get; set; } = true;

    /// <summary>Checks the settings.</summary>
    /// <exception cref="RagPrefException">A setting is missing or out of range; the message names it and the fix.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            throw new RagPrefException("RagPrefPostgresOptions.ConnectionString is not set: give the Npgsql connection string of the database the replicas share, for example Host=db;Username=ragpref;Password=...;Database=agents.");
        }

        PostgresSchema.CheckName(Schema);
        foreach ((string name, TimeSpan value) in (ReadOnlySpan<(string, TimeSpan)>)[("CheckInterval", CheckInterval), ("FullCheckInterval", FullCheckInterval), ("ReconnectDelay", ReconnectDelay)])
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                throw new RagPrefException($"RagPrefPostgresOptions.{name} is {value}; it must be more than zero and at most one day.");
            }
        }

        if (SnapshotPath is { } path && string.IsNullOrWhiteSpace(path))
        {
            throw new RagPrefException("RagPrefPostgresOptions.SnapshotPath is blank: give a file path, or leave it null for no local snapshot.");
        }
    }
}
