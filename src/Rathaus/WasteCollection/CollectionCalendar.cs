using Dapper;
using Npgsql;
using Rathaus.Platform.Database;

namespace Rathaus.WasteCollection;

/// <summary>What an import changed.</summary>
public sealed record CalendarImportResult(int Districts, int Streets, int Dates);

/// <summary>A district as the calendar holds it, with its streets and its dates from a day on (and how many are booked).</summary>
public sealed record StoredDistrict(string Key, string Name, IReadOnlyList<string> Streets, IReadOnlyList<StoredDate> Dates);

/// <summary>A collection date with its capacity and the collections booked for it.</summary>
public sealed record StoredDate(DateOnly Date, int? Capacity, int Booked);

/// <summary>A booked collection.</summary>
public sealed record PickupBooking(DateOnly Date, string DistrictKey, string DistrictName);

/// <summary>Why no collection could be booked.</summary>
public enum PickupRefusal
{
    /// <summary>The street belongs to no district of the calendar.</summary>
    UnknownStreet,

    /// <summary>The district has no date with free capacity from the earliest day on.</summary>
    NoFreeDate,
}

/// <summary>No collection could be booked (<see cref="Reason"/>); the process routes the case to a person.</summary>
public sealed class PickupRefusedException(PickupRefusal reason, string message) : Exception(message)
{
    public PickupRefusal Reason { get; } = reason;
}

/// <summary>
/// The bulky-waste collection calendar of a tenant (Sperrmüllkalender): districts with their streets and dates, and
/// the collections booked on them. Booking is serialised per district, so a date's capacity is never exceeded.
/// </summary>
public sealed class CollectionCalendar(Db db, TimeProvider time)
{
    /// <summary>
    /// Imports districts: each is created or renamed; a district whose streets the file lists gets exactly those
    /// streets (a street listed for it leaves the district it belonged to before); dates are added or their capacity
    /// changed — dates are never removed (capacity 0 closes one), so bookings stay valid. All or nothing.
    /// </summary>
    public Task<CalendarImportResult> ImportAsync(Guid tenantId, IReadOnlyList<CollectionDistrict> districts, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, (c, tx) => ImportAsync(c, tx, tenantId, districts, ct), ct);

    internal static async Task<CalendarImportResult> ImportAsync(NpgsqlConnection c, NpgsqlTransaction tx, Guid tenantId,
        IReadOnlyList<CollectionDistrict> districts, CancellationToken ct)
    {
        var missing = new List<string>();
        int streets = 0, dates = 0;
        foreach (var district in districts)
        {
            var exists = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM waste_districts WHERE key = @Key)", district, tx, cancellationToken: ct));
            if (!exists && district.Name is null)
            {
                missing.Add($"district {district.Key}: is new, so it needs a name (the streets file's 'name' column or \"name\" in JSON).");
                continue;
            }
            if (district.Name is not null)
            {
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO waste_districts (tenant_id, key, name) VALUES (@tenantId, @key, @name)
                    ON CONFLICT (tenant_id, key) DO UPDATE SET name = excluded.name
                    """, new { tenantId, key = district.Key, name = district.Name }, tx, cancellationToken: ct));
            }
            if (district.Streets is { } list)
            {
                var keys = list.Select(WasteCalendarReader.StreetKey).ToArray();
                await c.ExecuteAsync(new CommandDefinition("""
                    DELETE FROM waste_district_streets WHERE district_key = @district OR street_key = ANY(@keys)
                    """, new { district = district.Key, keys }, tx, cancellationToken: ct));
                streets += await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO waste_district_streets (tenant_id, street_key, street, district_key)
                    SELECT @tenantId, k, s, @district FROM unnest(@keys, @names) AS x(k, s)
                    """, new { tenantId, district = district.Key, keys, names = list.ToArray() }, tx, cancellationToken: ct));
            }
            if (district.Dates.Count > 0)
            {
                dates += await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO bulky_waste_dates (tenant_id, district_key, date, capacity)
                    SELECT @tenantId, @district, d, cap FROM unnest(@days, @capacities) AS x(d, cap)
                    ON CONFLICT (tenant_id, district_key, date) DO UPDATE SET capacity = excluded.capacity
                    """, new
                {
                    tenantId,
                    district = district.Key,
                    days = district.Dates.Select(d => d.Date).ToArray(),
                    capacities = district.Dates.Select(d => d.Capacity).ToArray(),
                }, tx, cancellationToken: ct));
            }
        }
        if (missing.Count > 0)
        {
            // Thrown inside the transaction: nothing of the file is kept.
            throw new WasteCalendarException(missing);
        }
        return new CalendarImportResult(districts.Count, streets, dates);
    }

    /// <summary>Whether the tenant has any district (the demo seeds a calendar only into an empty one).</summary>
    internal static Task<bool> AnyAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct) =>
        c.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM waste_districts)", transaction: tx, cancellationToken: ct));

    /// <summary>The districts with their streets and their dates on or after <paramref name="from"/>.</summary>
    public Task<IReadOnlyList<StoredDistrict>> ListAsync(Guid tenantId, DateOnly from, CancellationToken ct = default) =>
        db.InTenantAsync<IReadOnlyList<StoredDistrict>>(tenantId, async (c, tx) =>
        {
            var districts = (await c.QueryAsync<(string Key, string Name)>(new CommandDefinition(
                "SELECT key, name FROM waste_districts ORDER BY key", transaction: tx, cancellationToken: ct))).ToList();
            var streets = (await c.QueryAsync<(string District, string Street)>(new CommandDefinition(
                "SELECT district_key, street FROM waste_district_streets ORDER BY street", transaction: tx, cancellationToken: ct)))
                .ToLookup(s => s.District, s => s.Street);
            var dates = (await c.QueryAsync<(string District, DateOnly Date, int? Capacity, int Booked)>(new CommandDefinition("""
                SELECT d.district_key, d.date, d.capacity,
                       (SELECT count(*)::int FROM bulky_waste_bookings b WHERE b.district_key = d.district_key AND b.date = d.date)
                FROM bulky_waste_dates d WHERE d.date >= @from ORDER BY d.date
                """, new { from }, tx, cancellationToken: ct)))
                .ToLookup(d => d.District, d => new StoredDate(d.Date, d.Capacity, d.Booked));
            return districts.Select(d => new StoredDistrict(d.Key, d.Name, streets[d.Key].ToList(), dates[d.Key].ToList())).ToList();
        }, ct);

    /// <summary>
    /// Books the first date of the street's district on or after <paramref name="earliest"/> that has capacity left. A
    /// job that runs again gets its booking back.
    /// </summary>
    /// <exception cref="PickupRefusedException">The street is unknown, or its district has no free date.</exception>
    public Task<PickupBooking> BookAsync(Guid tenantId, string jobId, Guid? caseId, string street, DateOnly earliest, CancellationToken ct = default) =>
        db.InTenantAsync(tenantId, async (c, tx) =>
        {
            if (await FindBookingAsync(c, tx, jobId, ct) is { } earlier)
            {
                return earlier;
            }
            var district = await c.QuerySingleOrDefaultAsync<(string Key, string Name)?>(new CommandDefinition("""
                SELECT d.key, d.name FROM waste_district_streets s JOIN waste_districts d ON d.tenant_id = s.tenant_id AND d.key = s.district_key
                WHERE s.street_key = @key
                """, new { key = WasteCalendarReader.StreetKey(street) }, tx, cancellationToken: ct))
                ?? throw new PickupRefusedException(PickupRefusal.UnknownStreet, $"The street '{street}' belongs to no collection district.");

            // One booking at a time per district: the count of bookings and the insert must see the same state.
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))",
                new { key = $"bulky-waste:{tenantId}:{district.Key}" }, tx, cancellationToken: ct));
            if (await FindBookingAsync(c, tx, jobId, ct) is { } concurrent)
            {
                return concurrent;
            }
            var date = await c.QuerySingleOrDefaultAsync<DateOnly?>(new CommandDefinition("""
                SELECT d.date FROM bulky_waste_dates d
                WHERE d.district_key = @district AND d.date >= @earliest
                  AND (d.capacity IS NULL
                       OR d.capacity > (SELECT count(*) FROM bulky_waste_bookings b WHERE b.district_key = d.district_key AND b.date = d.date))
                ORDER BY d.date LIMIT 1
                """, new { district = district.Key, earliest }, tx, cancellationToken: ct))
                ?? throw new PickupRefusedException(PickupRefusal.NoFreeDate,
                    $"District {district.Name} has no collection date with free capacity from {earliest:yyyy-MM-dd} on.");
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO bulky_waste_bookings (tenant_id, job_id, case_id, district_key, date, created_at)
                VALUES (@tenantId, @jobId, @caseId, @district, @date, @now)
                """, new { tenantId, jobId, caseId, district = district.Key, date, now = time.GetUtcNow() }, tx, cancellationToken: ct));
            return new PickupBooking(date, district.Key, district.Name);
        }, ct);

    private static Task<PickupBooking?> FindBookingAsync(NpgsqlConnection c, NpgsqlTransaction tx, string jobId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<PickupBooking?>(new CommandDefinition("""
            SELECT b.date AS Date, b.district_key AS DistrictKey, d.name AS DistrictName
            FROM bulky_waste_bookings b JOIN waste_districts d ON d.tenant_id = b.tenant_id AND d.key = b.district_key
            WHERE b.job_id = @jobId
            """, new { jobId }, tx, cancellationToken: ct));
}
