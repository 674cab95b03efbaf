using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class ContinuationConfiguration : IEntityTypeConfiguration<Continuation>
{
    public void Configure(EntityTypeBuilder<Continuation> builder)
    {
        builder.ToTable("Continuations");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedOnAdd();
        builder.Property(c => c.OpenId).IsRequired();
        builder.Property(c => c.SourceKey).IsRequired();
        builder.Property(c => c.QuestionPreview).IsRequired();
        builder.Property(c => c.RemainingText).IsRequired();
        builder.HasIndex(c => c.SourceKey).IsUnique();
        builder.HasIndex(c => c.OpenId);
    }
}
