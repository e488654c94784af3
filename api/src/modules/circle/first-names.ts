import { fold } from './fold.js';

/**
 * Common first names in the six countries (and a few English ones), folded. Names that are also
 * everyday words in one of the languages are left out on purpose — Satu (fairy tale), Onni
 * (happiness), Helmi (pearl), Juha (soup in Serbian and Slovene), Vuk (wolf), Rok (deadline), Nagy (big), Kiss (small) — so that an
 * honest sentence is not refused. The check matches them only when written with a capital.
 */
const NAMES = [
  // Hungarian
  'László István József Zoltán Sándor Gábor Ferenc Attila Péter Tamás Zsolt Tibor András Csaba Imre Lajos György Balázs Róbert Norbert Bence Máté Levente Dávid Dominik Ádám Krisztián Gergely Mária Erzsébet Katalin Éva Ilona Anna Zsuzsanna Margit Judit Ágnes Andrea Erika Krisztina Eszter Zsófia Réka Hanna Boglárka Dóra Nóra Kata Kinga Vivien Gizella Piroska Rozália',
  // Danish
  'Mads Jens Lars Søren Niels Henrik Anders Morten Rasmus Jesper Mikkel Frederik Magnus Oliver Noah Lucas Emil Mathias Jonas Kasper Mette Hanne Kirsten Susanne Lene Freja Ida Sofie Emma Camilla Maja Line Trine Pernille Signe Karoline Nanna Astrid Asger Bjørn',
  // Finnish
  'Jari Mikko Timo Matti Antti Pekka Janne Jukka Markku Petri Ville Tuomas Eetu Leevi Eino Elias Aleksi Joonas Tuula Ritva Aino Venla Sanna Johanna Päivi Tiina Kaisa Minna Riikka Marjatta Anneli Hannele Pirjo Aada Iida Veera Eveliina',
  // Serbian
  'Milica Marko Nikola Stefan Jelena Ivana Dragan Zoran Miloš Nemanja Jovana Marija Snežana Dušan Aleksandar Dragana Vesna Đorđe Luka Milan Miroslav Slobodan Goran Dejan Bojan Vladimir Tijana Teodora Sanja Biljana Jasmina Gordana Ljiljana Svetlana Mirjana',
  // Slovene
  'Žiga Nejc Jure Matej Anže Tina Nina Urška Špela Mojca Janez Franc Marjeta Metka Tjaša Nika Eva Jernej Blaž Gregor Primož Tadej Alenka Polona Petra Katja Barbara Andreja Maša Neža Lovro Tilen Klemen',
  // English
  'John Michael Sarah Emily David James Jessica Jennifer Robert Daniel Thomas Christopher Matthew Joseph Elizabeth Olivia Sophie Charlotte Amelia George Harry Jack Oscar Chloe Lauren Rebecca Rachel Hannah',
].flatMap((line) => line.split(' '));

export const COMMON_FIRST_NAMES: ReadonlySet<string> = new Set(NAMES.map(fold));
