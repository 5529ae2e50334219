using Deployteq.TestSupport;

namespace Deployteq.Events.Tests;

// A link in a mail can be an external or a Deployteq-internal URL of any scheme: every absolute
// URI is a click; empty, relative and malformed ones are not.
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

    private async Task<(TestBrand Brand, V1.NewActivity Click)> ClickAsync(string url)
    {
        var brand = await fixture.NewBrandAsync();
        var customer = await brand.CreateCustomerAsync("clicker@example.com");
        var broadcastId = TestBrand.NewBroadcastId();
        await brand.BroadcastAsync(customer.Id, broadcastId);
        var click = Activities.Click(customer.Id, broadcastId);
        click.Click.Url = url;
        return (brand, click);
    }
}
