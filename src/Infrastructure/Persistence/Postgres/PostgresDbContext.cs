using Microsoft.EntityFrameworkCore;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own so that EF Core finds PostgreSQL's hand-written migrations
/// (<c>Persistence/Postgres/Migrations</c>), not SQLite's.
/// </summary>
public sealed class PostgresDbContext(DbContextOptions<PostgresDbContext> options) : AppDbContext(options);

/// <summary>Hands out <see cref="PostgresDbContext"/>s where the stores ask for an <see cref="AppDbContext"/>.</summary>
internal sealed class PostgresContextFactory(IDbContextFactory<PostgresDbContext> inner) : IDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext() => inner.CreateDbContext();

    public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => await inner.CreateDbContextAsync(cancellationToken);
}
