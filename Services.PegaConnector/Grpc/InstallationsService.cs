using Deployteq.Customers.V1;
using Deployteq.Events.V1;
using Deployteq.PegaConnector.Model;
using Deployteq.PegaConnector.Storage;
using Deployteq.PegaConnector.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Calls;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.PegaConnector.Grpc;

// pegaconnector.v1.Installations: validates, calls the stores (and Customers for the
// installation's Events token), maps.
[RequireScope(Scopes.Pega)]
public sealed class InstallationsService(
    IInstallationStore installations,
    IDeliveryStore delivery,
    EndpointValidator endpoints,
    ConnectorTokens.ConnectorTokensClient tokens,
    RetentionProbe retention,
    TimeProvider clock) : V1.Installations.InstallationsBase
{
    public override async Task<Installation> Install(InstallRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var uri = InstallationValidator.Endpoint(request.Endpoint, "endpoint", validator, endpoints.AllowsHttp);
        InstallationValidator.Activities(request.Activities, "activities", validator);
        InstallationValidator.Financial(request.Financial, "financial", validator);
        InstallationValidator.OptionDefaults(request.ManualOptionDefaults, "manual_option_defaults", validator);
        await CheckResolvesAsync(uri, "endpoint.url", validator, context.CancellationToken);
        validator.ThrowIfInvalid();

        var brandId = context.GetCaller().BrandId;
        var id = await installations.NextIdAsync(brandId);
        var token = await CustomersFailure.CallAsync(() => tokens.CreateReadTokenAsync(
            new CreateReadTokenRequest { Description = $"pega installation {id}" }).ResponseAsync, "Issuing the installation's Events token");
        var now = clock.GetUtcNow();
        var record = new InstallationRecord
        {
            BrandId = brandId,
            Id = id,
            EndpointUrl = request.Endpoint.Url,
            Username = request.Endpoint.Username,
            Password = request.Endpoint.Password,
            EventsToken = token.Token,
            EventsTokenId = token.TokenId,
            Activities = request.Activities.ToList(),
            InvoiceInterval = request.Financial?.InvoiceInterval ?? InvoiceInterval.Unspecified,
            PoNumber = request.Financial?.PoNumber ?? "",
            ManualOptionDefaults = request.ManualOptionDefaults ?? new Struct(),
            Created = now,
            Updated = now,
            StartMilliseconds = await installations.NowMillisecondsAsync(),
            Version = 1,
            CredentialsVersion = 1,
        };
        try
        {
            await installations.CreateAsync(record);
        }
        catch
        {
            // Leave no live token behind for an installation that does not exist.
            await RevokeQuietlyAsync(token.TokenId);
            throw;
        }

        return await ToProtoAsync(record);
    }

    public override async Task<Installation> UpdateInstallation(UpdateInstallationRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        InstallationValidator.Id(request.InstallationId, validator);
        var paths = request.UpdateMask?.Paths.ToList() ?? [];
        if (paths.Count == 0)
        {
            validator.Add("update_mask", "is required: name what to change");
        }

        for (var index = 0; index < paths.Count; index++)
        {
            validator.Check(InstallationValidator.UpdatePaths.Contains(paths[index]), $"update_mask.paths[{index}]",
                "is not one of endpoint, activities, financial, manual_option_defaults");
        }

        Uri? uri = null;
        if (paths.Contains("endpoint"))
        {
            uri = InstallationValidator.Endpoint(request.Endpoint, "endpoint", validator, endpoints.AllowsHttp);
        }

        if (paths.Contains("activities"))
        {
            InstallationValidator.Activities(request.Activities, "activities", validator);
        }

        if (paths.Contains("financial"))
        {
            InstallationValidator.Financial(request.Financial, "financial", validator);
        }

        if (paths.Contains("manual_option_defaults"))
        {
            InstallationValidator.OptionDefaults(request.ManualOptionDefaults, "manual_option_defaults", validator);
        }

        await CheckResolvesAsync(uri, "endpoint.url", validator, context.CancellationToken);
        validator.ThrowIfInvalid();

        var record = await GetRecordAsync(context, request.InstallationId);
        if (!await installations.UpdateAsync(record.Merge(request, paths, clock.GetUtcNow()), credentialsChanged: paths.Contains("endpoint")))
        {
            throw Problems.NotFound("No such installation in this brand.");
        }

        return await ToProtoAsync((await installations.GetAsync(Key(context, request.InstallationId)))!);
    }

    public override async Task<Empty> Uninstall(UninstallRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        InstallationValidator.Id(request.InstallationId, validator);
        validator.ThrowIfInvalid();
        var record = await GetRecordAsync(context, request.InstallationId);
        // Token first: a retry after a failure half-way finds the installation still there.
        try
        {
            await CustomersFailure.CallAsync(() => tokens.RevokeReadTokenAsync(
                new RevokeReadTokenRequest { TokenId = record.EventsTokenId }).ResponseAsync, "Revoking the installation's Events token");
        }
        catch (RpcException exception) when (exception.StatusCode == StatusCode.NotFound)
        {
            // Revoked already.
        }

        await installations.DeleteAsync(Key(context, request.InstallationId), record.ReplayId);
        return new Empty();
    }

    public override async Task<Installation> GetInstallation(GetInstallationRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        InstallationValidator.Id(request.InstallationId, validator);
        validator.ThrowIfInvalid();
        return await ToProtoAsync(await GetRecordAsync(context, request.InstallationId));
    }

    public override async Task<ListInstallationsResponse> ListInstallations(ListInstallationsRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        InstallationValidator.PageSize(request.PageSize, validator);
        validator.PageToken(request.PageToken, out var after).ThrowIfInvalid();
        var size = request.PageSize == 0 ? Limits.MaxPageSize : request.PageSize;
        var (page, nextAfter) = await installations.ListPageAsync(context.GetCaller().BrandId, after, size);
        return new ListInstallationsResponse
        {
            Installations = { page.Select(entry => InstallationMapper.ToProto(entry.Record, entry.Status)) },
            NextPageToken = nextAfter is { } last ? PageToken.Encode(last) : "",
        };
    }

    public override async Task<ReplayResponse> Replay(ReplayRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        InstallationValidator.Id(request.InstallationId, validator);
        InstallationValidator.FromTime(request.FromTime, clock.GetUtcNow(), validator);
        validator.ThrowIfInvalid();
        var record = await GetRecordAsync(context, request.InstallationId);

        await retention.EnsureKeptAsync(record, request.FromTime, context.CancellationToken);
        var fromMilliseconds = request.FromTime.ToDateTimeOffset().ToUnixTimeMilliseconds();
        var replayId = await installations.StartReplayAsync(Key(context, request.InstallationId), fromMilliseconds, await installations.NowMillisecondsAsync());
        if (replayId == 0)
        {
            throw Problems.NotFound("No such installation in this brand.");
        }

        return new ReplayResponse { ReplayId = replayId };
    }

    public override async Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        InstallationValidator.Id(request.InstallationId, validator);
        InstallationValidator.PageSize(request.PageSize, validator);
        validator.PageToken(request.PageToken, out var offset).ThrowIfInvalid();
        await GetRecordAsync(context, request.InstallationId);
        var size = request.PageSize == 0 ? Limits.MaxPageSize : request.PageSize;
        var (page, more) = await delivery.ListDeadLettersAsync(Key(context, request.InstallationId), offset, size);
        // Large activities end a page early, so the answer stays within a client's 4 MiB.
        var (kept, next) = ResponseBudget.Cut(page, more ? offset + size : null, count => offset + count);
        return new ListDeadLettersResponse { DeadLetters = { kept }, NextPageToken = PageToken.Encode(next) };
    }

    public override async Task<RedriveDeadLettersResponse> RedriveDeadLetters(RedriveDeadLettersRequest request, ServerCallContext context)
    {
        var (key, uuids) = await SelectAsync(request.InstallationId, request.Selection, context);
        return new RedriveDeadLettersResponse { Count = await delivery.RedriveAsync(key, uuids) };
    }

    public override async Task<PurgeDeadLettersResponse> PurgeDeadLetters(PurgeDeadLettersRequest request, ServerCallContext context)
    {
        var (key, uuids) = await SelectAsync(request.InstallationId, request.Selection, context);
        return new PurgeDeadLettersResponse { Count = await delivery.PurgeAsync(key, uuids) };
    }

    private async Task<(InstallationKey Key, IReadOnlyList<string> Uuids)> SelectAsync(
        long installationId, DeadLetterSelection? selection, ServerCallContext context)
    {
        var validator = new RequestValidator();
        InstallationValidator.Id(installationId, validator);
        InstallationValidator.Selection(selection, validator);
        validator.ThrowIfInvalid();
        await GetRecordAsync(context, installationId);
        var key = Key(context, installationId);
        if (selection!.TargetCase == DeadLetterSelection.TargetOneofCase.Uuid)
        {
            if (!await delivery.IsDeadLetterAsync(key, selection.Uuid))
            {
                throw Problems.NotFound("No such dead letter in this installation.");
            }

            return (key, [selection.Uuid]);
        }

        var letters = await delivery.GetDeadLettersAsync(key);
        if (selection.TargetCase == DeadLetterSelection.TargetOneofCase.Filter)
        {
            var metrics = ActivityKinds.Metrics(selection.Filter.Activities).Select(PegaActivityJson.MetricName).ToHashSet(StringComparer.Ordinal);
            var status = selection.Filter.StatusCode;
            letters = letters.Where(letter => (metrics.Count == 0 || metrics.Contains(letter.Metric)) && (status == 0 || letter.StatusCode == status)).ToList();
        }

        return (key, letters.Select(letter => letter.Uuid).ToList());
    }

    private async Task CheckResolvesAsync(Uri? uri, string field, RequestValidator validator, CancellationToken cancellationToken)
    {
        if (uri is not null && !await endpoints.ResolvesAsync(uri, cancellationToken))
        {
            validator.Add(field, "names a host that does not resolve");
        }
    }

    private async Task<InstallationRecord> GetRecordAsync(ServerCallContext context, long installationId) =>
        await installations.GetAsync(Key(context, installationId)) ?? throw Problems.NotFound("No such installation in this brand.");

    private static InstallationKey Key(ServerCallContext context, long installationId) => new(context.GetCaller().BrandId, installationId);

    private async Task<Installation> ToProtoAsync(InstallationRecord record) =>
        InstallationMapper.ToProto(record, await installations.GetStatusAsync(new InstallationKey(record.BrandId, record.Id), record));

    private async Task RevokeQuietlyAsync(long tokenId)
    {
        try
        {
            await tokens.RevokeReadTokenAsync(new RevokeReadTokenRequest { TokenId = tokenId });
        }
        catch (RpcException)
        {
            // The token is unusable without the installation, which holds the only copy.
        }
    }
}
