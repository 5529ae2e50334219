using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Deployteq.Events.V1;
using Deployteq.Samples;
using Deployteq.TestSupport;
using Grpc.Net.Client;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Deployteq.EndToEnd.Tests;

// Aspire's dashboard as a developer uses it: Debian's chromium, headless, driven by Playwright
// (its driver ships in the NuGet package; it never downloads a browser).
[Collection("AppHost")]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    public const string Chromium = "/usr/bin/chromium";

    // What Blazor shows when the page's circuit to the dashboard failed.
    private const string BlazorErrorBar = "An unhandled error has occurred.";

    private static readonly string[] ChromiumFlags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    [Fact]
    public async Task A_developer_logs_in_sees_every_resource_running_and_opens_the_trace_of_an_emitted_activity_across_the_services()
    {
        await using var host = AppHostProcess.Start();
        await host.WaitForLineAsync("all resources are healthy", TimeSpan.FromMinutes(4));
        var traceId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var uuid = await EmitAndWaitForPegaAsync(host, traceId);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = ChromiumFlags });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1000 } });
        var pageErrors = new ConcurrentQueue<string>();
        page.Console += (_, message) => { if (message.Type == "error") { pageErrors.Enqueue(message.Text); } };
        page.PageError += (_, error) => pageErrors.Enqueue(error);
        page.SetDefaultTimeout(60_000);
        SetDefaultExpectTimeout(60_000);

        // Without the token: the login page, nothing else.
        await page.GotoAsync(new Uri(host.DashboardUrl, "/").ToString());
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));

        await page.GotoAsync(new Uri(host.DashboardUrl, $"/login?t={AppHostProcess.DashboardToken}").ToString());
        try
        {
            await ExpectEveryResourceRunningAsync(page);
        }
        catch (PlaywrightException)
        {
            if (!await page.GetByText(BlazorErrorBar).IsVisibleAsync())
            {
                throw;
            }

            // The dashboard's Blazor circuit broke (once in nine clean runs, cause not known):
            // its error bar offers Reload, and a developer presses it. Once; a second failure fails.
            output.WriteLine($"The dashboard showed '{BlazorErrorBar}'; the browser console said: {string.Join(" | ", pageErrors)}. Reloading.");
            await page.ReloadAsync();
            await ExpectEveryResourceRunningAsync(page);
        }

        await Expect(page.GetByText("Unhealthy")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-resources.png"), FullPage = true });

        // The emit's trace, by the id its caller gave it: Events, the Customers call it made, the
        // connector's POST and the stand-in.
        await page.GotoAsync(new Uri(host.DashboardUrl, $"/traces/detail/{traceId}").ToString());
        foreach (var resource in (string[])["events", "customers", "pegaconnector", "pega"])
        {
            await Expect(page.GetByText(resource, new PageGetByTextOptions { Exact = true }).First).ToBeVisibleAsync();
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("dashboard-trace.png"), FullPage = true });
        Assert.NotNull(uuid);
    }

    private static async Task ExpectEveryResourceRunningAsync(IPage page)
    {
        foreach (var name in (string[])[.. AppHostProcess.ResourceNames, "demo-installation"])
        {
            var row = page.Locator("fluent-data-grid-row, tr, [role=row]").Filter(new LocatorFilterOptions { HasText = name }).First;
            await Expect(row).ToContainTextAsync("Running");
        }
    }

    // A broadcast for the demo customer, in a trace the test starts, until the stand-in has it.
    private static async Task<string> EmitAndWaitForPegaAsync(AppHostProcess host, string traceId)
    {
        var (customerId, token) = host.Demo;
        using var channel = GrpcChannel.ForAddress(host.Endpoint("events", "grpc"));
        var request = new EmitBatchRequest
        {
            Activities = { Activities.Broadcast(customerId, 42).WithNewUuid() },
        };
        var headers = new Grpc.Core.Metadata { { "traceparent", $"00-{traceId}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}-01" } };
        await new Events.V1.Events.EventsClient(channel.WithBearer(token)).EmitBatchAsync(request, headers);
        var uuid = request.Activities[0].Uuid;
        using var standIn = new HttpClient { BaseAddress = new Uri(host.Endpoint("pega", "http")) };
        await Poll.UntilAsync(async () =>
        {
            var arrivals = await standIn.GetFromJsonAsync<JsonElement>("/control/endpoints/demo/arrivals?last=200");
            return arrivals.EnumerateArray().Any(arrival => arrival.GetProperty("idempotencyKey").GetString() == uuid);
        }, "the broadcast at the stand-in", TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100));
        return uuid;
    }

    private static string Screenshot(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults");
        Directory.CreateDirectory(directory);
        return Path.GetFullPath(Path.Combine(directory, name));
    }
}
