using Npgsql;

namespace CustomerStream.Cli.Commands;

/// <summary>Runs the read side against the marts' database, turning the usual failures into one line and a hint.</summary>
internal static class MartConnection
{
    public static async Task<T> RunAsync<T>(string connectionString, Func<NpgsqlDataSource, Task<T>> work)
    {
        NpgsqlDataSource dataSource;
        try
        {
            dataSource = NpgsqlDataSource.Create(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new CliException($"The PostgreSQL connection string is not valid: {e.Message}", "set CS_POSTGRES to an Npgsql connection string");
        }

        await using (dataSource)
        {
            try
            {
                return await work(dataSource);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName)
            {
                throw new CliException(
                    $"The marts are not installed in {Where(connectionString)} yet ({e.MessageText}).",
                    "the projection creates them when it starts: `./customerstream up`, or `customerstream run projection`");
            }
            catch (PostgresException e)
            {
                throw new CliException($"PostgreSQL at {Where(connectionString)} refused: {e.MessageText}.", "check CS_POSTGRES (or the postgres entry of .customerstream/endpoints.json)");
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
            {
                throw new CliException($"Cannot reach PostgreSQL at {Where(connectionString)}: {e.Message}", "is it running? `./customerstream` sets one up; or set CS_POSTGRES");
            }
        }
    }

    /// <summary>Host, port and database, never the password.</summary>
    public static string Where(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
