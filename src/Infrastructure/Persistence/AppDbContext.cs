using Microsoft.EntityFrameworkCore;
using WeChatGpt.Domain.Admin;
using WeChatGpt.Domain.Conversations;
using WeChatGpt.Domain.Followers;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Domain.Protection;
using WeChatGpt.Domain.Voice;
using WeChatGpt.Infrastructure.Persistence.Converters;

namespace WeChatGpt.Infrastructure.Persistence;

/// <summary>The model, on SQLite (this type and its migrations) or PostgreSQL (<see cref="PostgresDbContext"/> and its own).</summary>
public class AppDbContext : DbContext
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    /// <summary>For a provider's own context type, whose migrations are its own.</summary>
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Delivery> Deliveries => Set<Delivery>();

    public DbSet<Follower> Followers => Set<Follower>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Turn> Turns => Set<Turn>();

    public DbSet<Template> Templates => Set<Template>();

    public DbSet<Continuation> Continuations => Set<Continuation>();

    public DbSet<MediaRecord> MediaRecords => Set<MediaRecord>();

    public DbSet<CallbackIpRange> CallbackIpRanges => Set<CallbackIpRange>();

    public DbSet<KeywordReply> KeywordReplies => Set<KeywordReply>();

    public DbSet<Push> Pushes => Set<Push>();

    public DbSet<Domain.Pictures.Picture> Pictures => Set<Domain.Pictures.Picture>();

    public DbSet<Domain.Moderation.BannedWord> BannedWords => Set<Domain.Moderation.BannedWord>();

    public DbSet<Domain.Operations.FailureRecord> Failures => Set<Domain.Operations.FailureRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are stored as Unix milliseconds: sortable and comparable in SQL on every provider
        // (SQLite cannot order DateTimeOffset text).
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }
}
