using Deployteq.Customers.Model;
using Deployteq.Customers.Storage;
using Deployteq.Customers.V1;
using Deployteq.ServiceDefaults.Auth;
using Deployteq.ServiceDefaults.Errors;
using Deployteq.ServiceDefaults.Paging;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Deployteq.Customers.Grpc;

[RequireScope(Scopes.Customers)]
public sealed class GroupsService(IGroupStore store) : Groups.GroupsBase
{
    public override async Task<Group> CreateGroup(CreateGroupRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Name(request.Name, Limits.MaxNameLength, "name")
            .ThrowIfInvalid();
        return (await store.CreateAsync(context.GetCaller().BrandId, request.Name)).ToProto();
    }

    public override async Task<Empty> DeleteGroup(DeleteGroupRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.GroupId, "group_id").ThrowIfInvalid();
        if (!await store.DeleteAsync(context.GetCaller().BrandId, request.GroupId))
        {
            throw Problems.NotFound("No such group in this brand.");
        }

        return new Empty();
    }

    public override async Task<ListGroupsResponse> ListGroups(ListGroupsRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .PageToken(request.PageToken, out var after)
            .ThrowIfInvalid();
        var page = await store.ListAsync(context.GetCaller().BrandId, after, PageToken.Size(request.PageSize));
        return new ListGroupsResponse
        {
            Groups = { page.Items.Select(group => group.ToProto()) },
            NextPageToken = PageToken.Encode(page.Next),
        };
    }

    public override Task<GroupMembersResponse> AddGroupMembers(GroupMembersRequest request, ServerCallContext context) =>
        ChangeMembersAsync(request, context, add: true);

    public override Task<GroupMembersResponse> RemoveGroupMembers(GroupMembersRequest request, ServerCallContext context) =>
        ChangeMembersAsync(request, context, add: false);

    public override async Task<ListGroupMembersResponse> ListGroupMembers(ListGroupMembersRequest request, ServerCallContext context)
    {
        new RequestValidator()
            .Positive(request.GroupId, "group_id")
            .PageSize(request.PageSize, PageToken.MaxPageSize)
            .PageToken(request.PageToken, out var after)
            .ThrowIfInvalid();
        var page = await store.ListMembersAsync(
                context.GetCaller().BrandId, request.GroupId, after, PageToken.Size(request.PageSize))
            ?? throw Problems.NotFound("No such group in this brand.");
        return new ListGroupMembersResponse { CustomerIds = { page.Items }, NextPageToken = PageToken.Encode(page.Next) };
    }

    public override async Task<ListCustomerGroupsResponse> ListCustomerGroups(ListCustomerGroupsRequest request, ServerCallContext context)
    {
        new RequestValidator().Positive(request.CustomerId, "customer_id").ThrowIfInvalid();
        var groups = await store.ListCustomerGroupsAsync(context.GetCaller().BrandId, request.CustomerId)
            ?? throw Problems.NotFound("No such customer in this brand.");
        return new ListCustomerGroupsResponse { Groups = { groups.Select(group => group.ToProto()) } };
    }

    private async Task<GroupMembersResponse> ChangeMembersAsync(GroupMembersRequest request, ServerCallContext context, bool add)
    {
        var validator = new RequestValidator()
            .Positive(request.GroupId, "group_id")
            .Count(request.CustomerIds.Count, 1, Limits.MaxMembersPerCall, "customer_ids");
        for (var i = 0; i < Math.Min(request.CustomerIds.Count, Limits.MaxMembersPerCall); i++)
        {
            validator.Positive(request.CustomerIds[i], $"customer_ids[{i}]");
        }

        validator.ThrowIfInvalid();
        var (changed, count) = await store.ChangeMembersAsync(context.GetCaller().BrandId, request.GroupId, request.CustomerIds, add);
        return new GroupMembersResponse { Changed = changed, MemberCount = count };
    }
}
