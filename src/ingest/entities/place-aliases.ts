/** @module ingest/entities/place-aliases — our own alias list: other spellings and former names of places. */
import type { Place } from './find-entities.js'

/** Another name → the name the gazetteer knows. Transliterations, former names, short forms. */
export const PLACE_ALIASES: Record<string, string> = {
  Kiev: 'Kyiv',
  Kyiv: 'Kyiv',
  Artemivsk: 'Bakhmut',
  Artyomovsk: 'Bakhmut',
  Kharkov: 'Kharkiv',
  Odessa: 'Odesa',
  Nikolaev: 'Mykolaiv',
  Nikolayev: 'Mykolaiv',
  Zaporozhye: 'Zaporizhzhia',
  Zaporizhzhya: 'Zaporizhzhia',
  Lugansk: 'Luhansk',
  Dnepropetrovsk: 'Dnipro',
  Dnipropetrovsk: 'Dnipro',
  Lvov: 'Lviv',
  Chernigov: 'Chernihiv',
  Kherson: 'Kherson',
  Mariupol: 'Mariupol',
  Moskva: 'Moscow',
  Bucuresti: 'Bucharest',
  Beograd: 'Belgrade',
  'Den Haag': 'The Hague',
  Wien: 'Vienna',
  Praha: 'Prague',
  Warszawa: 'Warsaw',
  'United States': 'United States of America',
  US: 'United States of America',
  USA: 'United States of America',
  UK: 'United Kingdom',
  Britain: 'United Kingdom',
  'Great Britain': 'United Kingdom',
  'Czech Republic': 'Czechia',
}

/** Regions and places the city list lacks or names differently, with coordinates. */
export const REGIONS: Place[] = [
  { id: 'region-donetsk', name: 'Donetsk region', country: 'UA', lat: 48.0, lon: 37.8, population: 0, kind: 'region' },
  { id: 'region-donbas', name: 'Donbas', country: 'UA', lat: 48.3, lon: 38.5, population: 0, kind: 'region' },
  { id: 'region-kyiv', name: 'Kyiv', country: 'UA', lat: 50.45, lon: 30.52, population: 2_800_000, kind: 'region' },
  { id: 'region-crimea', name: 'Crimea', country: 'UA', lat: 45.3, lon: 34.4, population: 0, kind: 'region' },
  { id: 'region-vojvodina', name: 'Vojvodina', country: 'RS', lat: 45.4, lon: 19.8, population: 0, kind: 'region' },
  { id: 'place-otopeni', name: 'Otopeni', country: 'RO', lat: 44.55, lon: 26.07, population: 13_000, kind: 'city' },
]
