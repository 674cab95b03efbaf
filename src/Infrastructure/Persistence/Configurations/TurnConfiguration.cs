using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WeChatGpt.Domain.Conversations;

namespace WeChatGpt.Infrastructure.Persistence.Configurations;

internal sealed class TurnConfiguration : IEntityTypeConfiguration<Turn>
{
    public void Configure(EntityTypeBuilder<Turn> builder)
    {
        builder.ToTable("Turns");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedOnAdd();
        builder.Property(t => t.OpenId).IsRequired();
        builder.Property(t => t.MessageKey).IsRequired();
        builder.Property(t => t.Question).IsRequired();
        builder.Property(t => t.Answer).IsRequired();
        // One message, one stored turn: enforced by the database.
        builder.HasIndex(t => t.MessageKey).IsUnique();
        builder.HasIndex(t => t.OpenId);
        builder.HasIndex(t => t.ConversationId);
        builder.HasIndex(t => t.AskedAt);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(t => t.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
