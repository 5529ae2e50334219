using Deployteq.PegaConnector.V1;
using Deployteq.TestSupport;

namespace Deployteq.PegaConnector.Tests;

[Collection(PegaCollection.Name)]
public sealed class InstallationListTests(PegaFixture fixture)
{
    [Fact]
    public async Task A_brand_s_installations_come_in_pages_by_id_each_with_its_status_and_the_last_page_has_no_token()
    {
        var brand = await fixture.NewBrandAsync();
        var installed = new List<long>();
        for (var index = 0; index < 3; index++)
        {
            installed.Add((await brand.InstallAsync(ActivityKind.Broadcasts)).InstallationId);
        }

        await brand.Installations.UninstallAsync(new UninstallRequest { InstallationId = installed[1] });
        var uuids = await brand.EmitBroadcastsAsync(2);
        await brand.WaitForArrivalsAsync(uuids);
        await Poll.UntilAsync(async () => (await brand.GetAsync(installed[2])).Counts.Delivered == 2, "the last installation delivered both");

        var first = await brand.Installations.ListInstallationsAsync(new ListInstallationsRequest { PageSize = 1 });
        var second = await brand.Installations.ListInstallationsAsync(new ListInstallationsRequest { PageSize = 1, PageToken = first.NextPageToken });

        Assert.Equal(installed[0], Assert.Single(first.Installations).InstallationId);
        Assert.NotEqual("", first.NextPageToken);
        var last = Assert.Single(second.Installations);
        Assert.Equal(installed[2], last.InstallationId);
        Assert.Equal(2, last.Counts.Delivered);
        Assert.Equal("", second.NextPageToken);
        Assert.Equal(installed.Where((_, index) => index != 1), (await brand.Installations.ListInstallationsAsync(new ListInstallationsRequest())).Installations.Select(item => item.InstallationId));
    }
}
