using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace WeChatGpt.Infrastructure.Persistence.Migrations;

/// <summary>
/// Hand-kept snapshot of the model after the latest migration. A test compares it with the model:
/// a change to the model without a migration (and this snapshot) fails it, and <c>Migrate()</c> refuses.
/// </summary>
[DbContext(typeof(AppDbContext))]
public sealed class AppDbContextModelSnapshot : ModelSnapshot
{
    protected override void BuildModel(ModelBuilder modelBuilder)
    {
        modelBuilder.HasAnnotation("ProductVersion", "10.0.14");

        modelBuilder.Entity("WeChatGpt.Domain.Messaging.Delivery", b =>
        {
            b.Property<string>("Key").HasColumnType("TEXT");
            b.Property<int>("Count").HasColumnType("INTEGER");
            b.Property<long>("FirstSeenAt").HasColumnType("INTEGER");
            b.Property<string>("Kind").IsRequired().HasColumnType("TEXT");
            b.Property<long>("LastSeenAt").HasColumnType("INTEGER");
            b.Property<string>("OpenId").IsRequired().HasColumnType("TEXT");
            b.Property<long?>("RepliedAt").HasColumnType("INTEGER");
            b.Property<string>("Reply").HasColumnType("TEXT");
            b.Property<int>("State").HasColumnType("INTEGER");
            b.HasKey("Key");
            b.HasIndex("FirstSeenAt");
            b.ToTable("Deliveries");
        });

        modelBuilder.Entity("WeChatGpt.Domain.Followers.Follower", b =>
        {
            b.Property<string>("OpenId").HasColumnType("TEXT");
            b.Property<long>("FirstSeenAt").HasColumnType("INTEGER");
            b.Property<bool>("IsSubscribed").HasColumnType("INTEGER");
            b.Property<long>("LastActiveAt").HasColumnType("INTEGER");
            b.Property<string>("SubscribeScene").HasColumnType("TEXT");
            b.Property<long?>("UnsubscribedAt").HasColumnType("INTEGER");
            b.HasKey("OpenId");
            b.HasIndex("LastActiveAt");
            b.ToTable("Followers");
        });
    }
}
