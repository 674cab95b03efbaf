using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Messaging;
using WeChatGpt.Infrastructure.Persistence.Converters;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
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
    }
}
