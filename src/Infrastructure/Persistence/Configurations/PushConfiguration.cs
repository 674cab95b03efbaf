using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Messaging;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class PushConfiguration : IEntityTypeConfiguration<Push>
{
    public void Configure(EntityTypeBuilder<Push> builder)
    {
        builder.ToTable("Pushes");
        builder.HasKey(p => p.Key);
        builder.Property(p => p.OpenId).IsRequired();
        builder.Property(p => p.Question).IsRequired();
        builder.Property(p => p.Text).IsRequired();
        builder.HasIndex(p => p.UpdatedAt);
    }
}
