export { DayFilter, FilterBar, FilterField, SelectFilter, TextFilter } from './filter-bar';
