using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<Template>
{
    public void Configure(EntityTypeBuilder<Template> builder)
    {
        builder.ToTable("Templates");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Name).IsRequired();
        builder.Property(t => t.Trigger).IsRequired();
        builder.Property(t => t.SystemPrompt).IsRequired();
        builder.Property(t => t.Language).IsRequired();
        builder.HasIndex(t => t.Trigger).IsUnique();
    }
}
