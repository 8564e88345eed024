namespace Mcip.RagPref.Cli.Serving;

/// <summary>
/// The PostgreSQL database a served guard shares its store with (<c>ragpref serve --postgres</c>): the guard loads its
/// store from it, follows every change, and <c>POST /v1/examples</c> adds examples to it for every replica.
/// </summary>
/// <param name="ConnectionString">The Npgsql connection string (a secret: never printed).</param>
/// <param name="Schema">The schema that holds the shared store.</param>
/// <param name="SnapshotPath">The local snapshot file served when the database is down at start, or <see langword="null"/>.</param>
internal sealed record ServePostgres(string ConnectionString, string Schema, string? SnapshotPath)
{
    /// <summary>Keeps the connection string (and its password) out of logs and exception messages that print the record.</summary>
    public override string ToString() => $"ServePostgres {{ Schema = {Schema}, SnapshotPath = {SnapshotPath} }}";
}
