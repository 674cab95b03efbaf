using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Voice;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class MediaRecordConfiguration : IEntityTypeConfiguration<MediaRecord>
{
    public void Configure(EntityTypeBuilder<MediaRecord> builder)
    {
        builder.ToTable("MediaRecords");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedOnAdd();
        builder.Property(m => m.MediaId).IsRequired();
        builder.Property(m => m.MediaType).IsRequired();
        builder.Property(m => m.OpenId).IsRequired();
        builder.HasIndex(m => m.MediaId);
        builder.HasIndex(m => m.CreatedAt);
    }
}
