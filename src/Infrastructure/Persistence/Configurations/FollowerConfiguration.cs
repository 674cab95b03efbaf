using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Followers;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class FollowerConfiguration : IEntityTypeConfiguration<Follower>
{
    public void Configure(EntityTypeBuilder<Follower> builder)
    {
        builder.ToTable("Followers");
        builder.HasKey(f => f.OpenId);
        builder.HasIndex(f => f.LastActiveAt);
    }
}
