using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Operations;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class FailureRecordConfiguration : IEntityTypeConfiguration<FailureRecord>
{
    public void Configure(EntityTypeBuilder<FailureRecord> builder)
    {
        builder.ToTable("Failures");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).ValueGeneratedOnAdd();
        builder.Property(f => f.OpenId).IsRequired();
        builder.Property(f => f.Kind).IsRequired();
        builder.Property(f => f.Detail).IsRequired();
        builder.HasIndex(f => f.At);
    }
}
