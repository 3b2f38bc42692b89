export {
  ClearFiltersButton,
  DayFilter,
  FilterBar,
  FilterField,
  SelectFilter,
  TextFilter,
  type FilterClear,
} from './filter-bar';
