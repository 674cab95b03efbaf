using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Protection;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class CallbackIpRangeConfiguration : IEntityTypeConfiguration<CallbackIpRange>
{
    public void Configure(EntityTypeBuilder<CallbackIpRange> builder)
    {
        builder.ToTable("CallbackIpRanges");
        builder.HasKey(r => r.Range);
    }
}
