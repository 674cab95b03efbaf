using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Persistence.Converters;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    /// <summary>The rows of replies to "继续" (<see cref="ReplyOutcome.Continued"/>).</summary>
    private static readonly string ContinuedFilter = $"\"Outcome\" = {(int)ReplyOutcome.Continued}";

    public void Configure(EntityTypeBuilder<Delivery> builder)
    {
        builder.ToTable("Deliveries");
        builder.HasKey(d => d.Key);
        builder.Property(d => d.OpenId).IsRequired();
        builder.Property(d => d.Kind).IsRequired();
        builder.Property(d => d.Reply).HasConversion(ReplyJson.Converter, ReplyJson.Comparer);
        builder.HasIndex(d => d.FirstSeenAt);
        builder.HasIndex(d => d.RepliedAt);
        builder.HasIndex(d => d.Query).IsUnique();

        // A follower's replies to "继续", for the one WeChat gave up on (its part is given again): only those rows, so
        // that the intake's inserts do not pay for it.
        builder.HasIndex(d => new { d.OpenId, d.FirstSeenAt }).HasFilter(ContinuedFilter);
    }
}
