using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Pictures;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class PictureConfiguration : IEntityTypeConfiguration<Picture>
{
    public void Configure(EntityTypeBuilder<Picture> builder)
    {
        builder.ToTable("Pictures");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedOnAdd();
        builder.Property(p => p.OpenId).IsRequired();
        builder.Property(p => p.MessageKey).IsRequired();
        builder.Property(p => p.ContentType).IsRequired();
        builder.Property(p => p.Content).IsRequired();
        builder.HasIndex(p => p.OpenId);
        builder.HasIndex(p => p.CreatedAt);
    }
}
