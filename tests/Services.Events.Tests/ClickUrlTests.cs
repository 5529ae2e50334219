using Deployteq.Events.V1;
using Deployteq.TestSupport;

namespace Deployteq.Events.Tests;

// A link in a mail can be an external or a Deployteq-internal URL of any scheme: every absolute
// URI is a click; empty, relative and malformed ones are not, nor those whose scheme runs code
// where the link is shown (the dashboard, Pega).
[Collection(EventsCollection.Name)]
public sealed class ClickUrlTests(EventsFixture fixture)
{
    public static TheoryData<string> Links =>
    [
        "https://www.mokupshop.com/customer/account/",
        "http://example.com",
        "HTTPS://EXAMPLE.COM/Path?query=1&b=%20x#fragment",
        "mailto:service@mokupshop.com",
        "mailto:service@mokupshop.com?subject=Vraag%20over%20bestelling",
        "tel:+31201234567",
        "sms:+31612345678",
        "whatsapp://send?text=hallo",
        "deployteq://unsubscribe/724",
        "dtq+internal:preferences",
        "ftp://files.example.com/brochure.pdf",
        "urn:isbn:9789024567890",
        "https://bücher.example/straße",
        "https://[2001:db8::1]:8443/x",
    ];

    public static TheoryData<string> NotLinks =>
    [
        "/customer/account",
        "customer/account",
        "//www.mokupshop.com/customer",
        "?utm_source=deployteq",
        "#top",
        "www.mokupshop.com",
        "not a link",
        "https://www.mokup shop.com/",
        " https://www.mokupshop.com/",
        "https://www.mokupshop.com/\n",
        "ht tp://example.com",
        "://example.com",
        "1http://example.com",
        "-tel:+31201234567",
        "mailto",
        "https://",
        "http://exa\u0000mple.com",
        "C:\\Users\\jane\\brochure.pdf",
    ];

    public static TheoryData<string, Metric> CodeLinks => new()
    {
        { "javascript:alert(1)", Metric.Clicks },
        { "javascript:alert(1)", Metric.ShortLinks },
        { "JavaScript://example.com/%0Aalert(1)", Metric.Clicks },
        { "vbscript:msgbox(1)", Metric.ShortLinks },
        { "VBScript:msgbox(1)", Metric.Clicks },
        { "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==", Metric.Clicks },
        { "DATA:text/html,<script>alert(1)</script>", Metric.ShortLinks },
    };

    [Theory]
    [MemberData(nameof(CodeLinks))]
    public async Task A_click_on_a_link_whose_scheme_runs_code_is_invalid_and_stores_nothing(string url, Metric metric)
    {
        var (brand, click) = await ClickAsync(url, metric);
        var before = await brand.SnapshotAsync();

        var refused = await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(click), "activity.click.url");

        Assert.Contains("scheme", refused.Status.Detail);
        Assert.Equal(before, await brand.SnapshotAsync());
    }

    [Theory]
    [InlineData("javascript-docs:intro")]
    [InlineData("datasheet:42")]
    [InlineData("https://example.com/javascript:alert(1)")]
    [InlineData("https://example.com/?next=data:text/html,x")]
    public async Task A_click_on_a_link_that_only_mentions_such_a_scheme_is_stored(string url)
    {
        var (brand, click) = await ClickAsync(url, Metric.ShortLinks);

        var stored = await brand.EmitAsync(click);

        Assert.Equal(url, stored.Activity.Click.Url);
    }

    [Theory]
    [MemberData(nameof(Links))]
    public async Task A_click_on_any_absolute_uri_is_stored_as_given(string url)
    {
        var (brand, click) = await ClickAsync(url);

        var stored = await brand.EmitAsync(click);

        Assert.Equal(url, stored.Activity.Click.Url);
    }

    [Theory]
    [MemberData(nameof(NotLinks))]
    public async Task A_click_on_something_that_is_not_an_absolute_uri_is_invalid_and_stores_nothing(string url)
    {
        var (brand, click) = await ClickAsync(url);
        var before = await brand.SnapshotAsync();

        await GrpcStatusAssert.InvalidArgumentAsync(() => brand.EmitAsync(click), "activity.click.url");

        Assert.Equal(before, await brand.SnapshotAsync());
    }

    private async Task<(TestBrand Brand, V1.NewActivity Click)> ClickAsync(string url, Metric metric = Metric.Clicks)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("clicker@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var click = Activities.Click(customer.Id, broadcastId, metric);
        click.Click.Url = url;
        return (brand, click);
    }
}
