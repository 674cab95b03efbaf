using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Admin;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class KeywordReplyConfiguration : IEntityTypeConfiguration<KeywordReply>
{
    public void Configure(EntityTypeBuilder<KeywordReply> builder)
    {
        builder.ToTable("KeywordReplies");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedOnAdd();
        builder.Property(k => k.Keyword).IsRequired();
        builder.Property(k => k.Reply).IsRequired();
        builder.HasIndex(k => new { k.Keyword, k.Match }).IsUnique();
    }
}
