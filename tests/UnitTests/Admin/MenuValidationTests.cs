using Shouldly;
using WeChatGpt.Application.Common.WeChat;
using WeChatGpt.Application.Admin.PublishMenu;

namespace WeChatGpt.UnitTests.Admin;

public sealed class MenuValidationTests
{
    private static readonly PublishMenuCommandValidator Validator = new();

    [Fact]
    public void ThreeTopLevelButtons_FiveSubButtons_AndEveryType_AreValid()
    {
        var subs = new List<MenuButton>
        {
            new("扫码", "scancode_waitmsg", Key: "S"),
            new("拍照", "pic_sysphoto", Key: "P"),
            new("位置", "location_select", Key: "L"),
            new("文章", "article_id", ArticleId: "A1"),
            new("小程序", "miniprogram", Url: "https://example.com", AppId: "wx1", PagePath: "pages/index"),
        };
        var menu = new PublishMenuCommand([new("价格", "click", Key: "K"), new("官网", "view", Url: "https://example.com"), new("更多", SubButtons: subs)]);

        Validator.Validate(menu).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void NameLimits_AreCountedInUtf8Bytes_16OnTheBar_60InASubMenu()
    {
        Validator.Validate(new PublishMenuCommand([new("五个汉字啊", "click", Key: "K")])).IsValid.ShouldBeTrue(); // 15 bytes
        Validator.Validate(new PublishMenuCommand([new("六个汉字啊啊", "click", Key: "K")])).IsValid.ShouldBeFalse(); // 18 bytes
        Validator.Validate(new PublishMenuCommand([new("sixteen-letters!", "click", Key: "K")])).IsValid.ShouldBeTrue();
        Validator.Validate(new PublishMenuCommand([new("更多", SubButtons: [new(new string('字', 20), "click", Key: "K")])])).IsValid.ShouldBeTrue(); // 60 bytes
        Validator.Validate(new PublishMenuCommand([new("更多", SubButtons: [new(new string('字', 21), "click", Key: "K")])])).IsValid.ShouldBeFalse();
    }

    [Fact]
    public void AKeyLongerThan128Bytes_OrAMiniProgramWithoutItsPage_IsInvalid()
    {
        Validator.Validate(new PublishMenuCommand([new("键", "click", Key: new string('k', 129))])).IsValid.ShouldBeFalse();
        Validator.Validate(new PublishMenuCommand([new("小程序", "miniprogram", Url: "https://example.com", AppId: "wx1")])).IsValid.ShouldBeFalse();
        Validator.Validate(new PublishMenuCommand([new("文章", "article_id")])).IsValid.ShouldBeFalse();
    }
}
