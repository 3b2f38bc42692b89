// The upstream APIs by name: the BFF budgets its calls per API, the simulator counts and
// throttles them per API, so both speak of them with these names.
export type UpstreamApi =
  | 'hss.ListRegistryImages'
  | 'hss.ListCicdImages'
  | 'hss.ListImageBasicImage'
  | 'swr.ShowRepository'
  | 'acr.ListRepoTag'
  | 'acr.ListRepository';
