using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Deployteq.EndToEnd.Tests;

// The dashboard as a developer uses it: Debian's chromium, headless, driven by Playwright (its
// driver ships in the NuGet package; it never downloads a browser).
[Collection("AppHost")]
public sealed class DashboardBrowserTests
{
    public const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task A_developer_logs_in_with_the_token_sees_every_resource_running_restarts_one_filters_its_logs_and_watches_sample_activities_reach_pega()
    {
        await using var host = AppHostProcess.Start();
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(3));
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumFlags,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        page.SetDefaultTimeout(60_000);
        SetDefaultExpectTimeout(120_000);

        var refused = await page.GotoAsync(new Uri(host.DashboardUrl, "/").ToString());
        Assert.Equal(401, refused!.Status);

        await page.GotoAsync(new Uri(host.DashboardUrl, $"/login?t={AppHostProcess.DashboardToken}").ToString());
        await Expect(page.GetByTestId("connection")).ToHaveTextAsync("live");
        foreach (var name in AppHostProcess.ResourceNames)
        {
            var row = Row(page, name);
            await Expect(row.GetByTestId("state")).ToHaveTextAsync("Running");
            await Expect(row.GetByTestId("health")).ToHaveTextAsync("Healthy");
            await Expect(row.GetByTestId("pid")).ToHaveTextAsync(host.ProcessIdOf(name).ToString());
        }

        await Expect(Row(page, "customers").Locator("a")).ToHaveCountAsync(2);
        await Expect(Row(page, "customers").Locator("a").First).ToHaveAttributeAsync("href", host.Endpoint("customers", "http"));

        var events = Row(page, "events");
        var pidBefore = await events.GetByTestId("pid").TextContentAsync();
        await events.GetByTestId("restart").ClickAsync();
        await Expect(events).ToHaveAttributeAsync("data-restarts", "1");
        await Expect(events.GetByTestId("state")).ToHaveTextAsync("Running");
        await Expect(events.GetByTestId("health")).ToHaveTextAsync("Healthy");
        Assert.NotEqual(pidBefore, await events.GetByTestId("pid").TextContentAsync());

        // The restarted process's own lines, live, filtered.
        await page.GetByTestId("log-resource").SelectOptionAsync("events");
        await page.GetByTestId("log-filter").FillAsync("Now listening");
        var lines = page.GetByTestId("logs").Locator("div");
        await Expect(lines.First).ToContainTextAsync("Now listening");
        Assert.All(await lines.AllTextContentsAsync(), line => Assert.Contains("Now listening", line));
        Assert.All(await lines.AllTextContentsAsync(), line => Assert.StartsWith("events", line));

        await page.GetByTestId("log-filter").FillAsync("");

        // One press sends activities of every metric; the panel shows them arrive at the stand-in.
        await Expect(page.GetByTestId("installations").Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("installation-state")).ToHaveTextAsync("Running");
        await page.GetByTestId("send-samples").ClickAsync();
        await Expect(page.GetByTestId("samples-status")).ToContainTextAsync("emitted 8 activities");
        await Expect(page.GetByTestId("stand-in-received")).ToContainTextAsync("received 8 activities (0 duplicates, 0 invalid, 0 refused)");
        await Expect(page.GetByTestId("delivered")).ToHaveTextAsync("8");
        foreach (var metric in new[] { "broadcasts", "opens", "clicks", "short_links", "bounces", "complaints", "unsubscribes", "conversions" })
        {
            await Expect(page.GetByTestId("stand-in-recent")).ToContainTextAsync($"\"metric\": \"{metric}\"");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("dashboard.png"), FullPage = true });
    }

    private static ILocator Row(IPage page, string resource) => page.Locator($"tr[data-resource='{resource}']");

    // tests/EndToEnd.Tests/TestResults/<name>, kept after the run as the test's artifact.
    public static string ScreenshotPath(string name)
    {
        var directory = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults"));
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }
}
