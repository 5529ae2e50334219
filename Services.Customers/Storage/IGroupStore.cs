using Deployteq.Customers.Model;
using Deployteq.ServiceDefaults.Paging;

namespace Deployteq.Customers.Storage;

public interface IGroupStore
{
    Task<GroupRecord> CreateAsync(long brandId, string name);

    Task<bool> DeleteAsync(long brandId, long groupId);

    Task<Page<GroupRecord>> ListAsync(long brandId, long afterId, int pageSize);

    // Adds or removes members; every customer must exist or nothing changes (NOT_FOUND).
    Task<(int Changed, long MemberCount)> ChangeMembersAsync(long brandId, long groupId, IReadOnlyList<long> customerIds, bool add);

    // Null when the group does not exist.
    Task<Page<long>?> ListMembersAsync(long brandId, long groupId, long afterId, int pageSize);

    // Null when the customer does not exist.
    Task<IReadOnlyList<GroupRecord>?> ListCustomerGroupsAsync(long brandId, long customerId);
}
