using System.CommandLine;
using Mcip.RagPref.Postgres;

namespace Mcip.RagPref.Cli.Commands;

/// <summary>
/// The <c>--postgres CONNSTR</c> and <c>--schema NAME</c> options of <c>store push</c>, <c>store pull</c> and <c>serve</c>:
/// the connection string comes from <c>--postgres</c>, else from the <c>RAGPREF_POSTGRES</c> environment variable, so that a
/// password need not appear on the command line. Nothing here prints the connection string; output names the database by
/// <see cref="RagPrefPostgresDatabase.Name"/> (host, port, database and schema, never the password).
/// </summary>
internal sealed class PostgresConnection
{
    /// <summary>The environment variable that holds the connection string when <c>--postgres</c> is not given.</summary>
    public const string EnvironmentVariable = "RAGPREF_POSTGRES";

    /// <summary>Gets the <c>--postgres</c> option.</summary>
    public Option<string?> ConnectionString { get; } = new("--postgres")
    {
        Description = $"Npgsql connection string of the PostgreSQL database the replicas share (for example Host=db;Username=ragpref;Password=...;Database=agents). Default: the {EnvironmentVariable} environment variable, which keeps the password off the command line.",
    };

    /// <summary>Gets the <c>--schema</c> option.</summary>
    public Option<string> Schema { get; } = new("--schema")
    {
        Description = $"PostgreSQL schema that holds the shared store (created when missing): lower-case letters, digits and underscores (default {RagPrefPostgresOptions.DefaultSchema}).",
        DefaultValueFactory = _ => RagPrefPostgresOptions.DefaultSchema,
    };

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(ConnectionString);
        command.Options.Add(Schema);
    }

    /// <summary>Whether the command line or the environment names a database.</summary>
    public bool IsGiven(ParseResult parse, string? environmentValue) =>
        !string.IsNullOrWhiteSpace(parse.GetValue(ConnectionString)) || !string.IsNullOrWhiteSpace(environmentValue);

    /// <summary>Reads the connection string and schema.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <param name="environmentValue">The value of <see cref="EnvironmentVariable"/>.</param>
    /// <exception cref="CliUsageException">Neither <c>--postgres</c> nor the environment variable is set.</exception>
    public (string ConnectionString, string Schema) Read(ParseResult parse, string? environmentValue)
    {
        string? value = parse.GetValue(ConnectionString);
        if (string.IsNullOrWhiteSpace(value))
        {
            value = environmentValue;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            throw new CliUsageException(
                $"No PostgreSQL database given: pass --postgres CONNSTR or set the {EnvironmentVariable} environment variable "
                + "(for example Host=db;Username=ragpref;Password=...;Database=agents).");
        }

        return (value, parse.GetValue(Schema) ?? RagPrefPostgresOptions.DefaultSchema);
    }
}
