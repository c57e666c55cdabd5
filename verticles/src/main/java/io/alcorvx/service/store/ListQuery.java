package io.alcorvx.service.store;

import java.util.List;
import java.util.Map;

/**
 * A Neutron list request, already validated by the API.
 *
 * @param filters attribute name (Neutron's, e.g. "network_id", "name", "binding:host_id",
 *     "fixed_ips" as "ip_address=..."/"subnet_id=..." entries) to accepted values (OR)
 * @param sort sort keys in order (Neutron sort_key/sort_dir); the id is always the last tie-breaker
 * @param limit page size, or null for all
 * @param marker id of the last item of the previous page (or the first, with pageReverse), or null
 * @param pageReverse Neutron's page_reverse: the page before the marker
 * @param visibleProject restrict to this project's resources (and shared networks); null for admins
 */
public record ListQuery(Map<String, List<String>> filters, List<SortKey> sort, Integer limit, String marker,
    boolean pageReverse, String visibleProject) {

  public record SortKey(String attribute, boolean ascending) {}
}
