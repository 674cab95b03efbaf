using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Moderation;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class BannedWordConfiguration : IEntityTypeConfiguration<BannedWord>
{
    public void Configure(EntityTypeBuilder<BannedWord> builder)
    {
        builder.ToTable("BannedWords");
        builder.HasKey(w => w.Word);
    }
}
