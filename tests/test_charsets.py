"""Files in 8-bit encodings are read in the one they were written in."""

from __future__ import annotations

import pytest

from factcheck.ingest import readers
from factcheck.ingest.charsets import language_fit

WESTERN = {
    "French": "Selon le préfet, la crue a détruit trois ponts et privé d'électricité près de 2 000 foyers. "
              "« Nous étions là dès l'aube », a raconté un pompier, très ému. Les écoles resteront fermées jusqu'à jeudi.",
    "French, short": "Un élève sur trois a déjà quitté l'école.",
    "German": "Nach Angaben der Polizei wurden bei dem Unfall auf der Autobahn zwölf Menschen verletzt. "
              "Die Feuerwehr rückte mit 40 Fahrzeugen aus; größere Schäden gab es nicht.",
    "German, short": "Über 300 Schüler mussten das Gebäude räumen.",
    "Spanish": "Según el ministerio, la sequía ha afectado a más de 300.000 hectáreas este año. "
               "«No habíamos visto nada igual», dijo un agricultor. ¿Quién pagará las ayudas?",
    "Spanish, short": "La niña comió piñas el año pasado.",
    "Italian": "Secondo la polizia, l'incendio è scoppiato alle tre di notte e ha distrutto più di venti case.",
}
CENTRAL = {
    "Polish": "Według policji w wypadku na autostradzie rannych zostało dwanaście osób. "
              "Straż pożarna wysłała czterdzieści wozów; większych szkód nie było.",
    "Polish, short": "Rząd podał, że było ich sto.",
    "Czech": "Podle policie bylo při nehodě na dálnici zraněno dvanáct lidí. Hasiči vyslali čtyřicet vozidel; "
             "větší škody nevznikly.",
    "Czech, short": "Starosta řekl, že most je hotový.",
}


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
@pytest.mark.parametrize("language", sorted(WESTERN))
def test_western_european_text_is_read_as_written(language, encoding):
    text = WESTERN[language]
    assert readers.decode(text.encode(encoding)) == text


@pytest.mark.parametrize("encoding", ["cp1250", "iso-8859-2"])
@pytest.mark.parametrize("language", sorted(CENTRAL))
def test_central_european_text_is_read_as_written(language, encoding):
    text = CENTRAL[language]
    assert readers.decode(text.encode(encoding)) == text


def test_cyrillic_text_is_read_as_written():
    text = "По данным полиции, в аварии на трассе пострадали двенадцать человек. Пожарные направили сорок машин."
    assert readers.decode(text.encode("cp1251")) == text


def test_language_fit_weighs_letters_one_alphabet_accounts_for():
    assert language_fit("plain ASCII text") == 1.0
    assert language_fit("déjà vu, très élégant") == 1.0
    # Read as cp1250, the French letters become "déjŕ", which no single alphabet spells with "è".
    assert language_fit("déjŕ vu, très") < 1.0
    # A symbol against a letter is a letter misread: latin-1 "Rz¹d" for cp1250 "Rząd".
    assert language_fit("Rz¹d podał") < language_fit("Rząd podał") == 1.0
    assert language_fit("20 °C, 5 € and a ½ share") == 1.0
    assert language_fit("Пожарные направили") == 1.0
