import pytest

from partnerstvo.core.transliteration import slugify_bg, transliterate, unique_slug


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        # Examples from the Transliteration Act and PRODUCT.md
        ("Горна Оряховица", "Gorna Oryahovitsa"),
        ("София", "Sofia"),
        ("Пловдив", "Plovdiv"),
        ("Стара Загора", "Stara Zagora"),
        ("Хасково", "Haskovo"),
        ("Цар Калоян", "Tsar Kaloyan"),
        ("Чепеларе", "Chepelare"),
        ("Шумен", "Shumen"),
        ("Щръклево", "Shtraklevo"),
        ("Юндола", "Yundola"),
        ("Ямбол", "Yambol"),
        ("Враца", "Vratsa"),
        ("Искър", "Iskar"),
        ("Жеравна", "Zheravna"),
        ("Йовковци", "Yovkovtsi"),
        ("Бургас", "Burgas"),
        ("Кьустендил", "Kyustendil"),
        ("Долна Митрополия", "Dolna Mitropolia"),
        # "ия" becomes "ia" only at the end of a word
        ("Илиян", "Iliyan"),
        ("Мария", "Maria"),
        ("Ияна", "Iyana"),
        # Capitals: first letter of a digraph in a word, all of it in an all-caps word
        ("Щерев", "Shterev"),
        ("ЩЕРЕВ", "SHTEREV"),
        ("ЖИВКОВ", "ZHIVKOV"),
        ("ССИЗП „Искър БГ“", "SSIZP „Iskar BG“"),
        # Anything that is not Bulgarian Cyrillic is left alone
        ("Община 2000 - Test", "Obshtina 2000 - Test"),
    ],
)
def test_transliteration_follows_the_law(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_single_letters_of_the_table():
    assert transliterate("абвгдежзийклмнопрстуфхцчшщъьюя") == (
        "abvgdezhziyklmnoprstufhtschshshtayyuya"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Горна Оряховица 2000", "gorna-oryahovitsa-2000"),
        ("ССИЗП „Искър БГ“", "ssizp-iskar-bg"),
        ("Народно читалище „Надежда 1869“", "narodno-chitalishte-nadezhda-1869"),
        ("  ", ""),
    ],
)
def test_slugs_are_transliterated(text, slug):
    assert slugify_bg(text) == slug


def test_unique_slug_adds_a_number_when_taken(reference_data):
    from partnerstvo.directory.models import Municipality

    assert unique_slug("Плевен", queryset=Municipality.objects.all()) == "pleven-2"
    assert unique_slug("Нещо ново", queryset=Municipality.objects.all()) == "neshto-novo"


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        # Art. 6 of the Transliteration Act: "България" is "Bulgaria", in every form of the word.
        ("България", "Bulgaria"),
        ("Република България", "Republika Bulgaria"),
        ("БЪЛГАРИЯ", "BULGARIA"),
        ("българия", "bulgaria"),
        ("Сдружение „Зелена България“", "Sdruzhenie „Zelena Bulgaria“"),
        # Only the name itself: other words with the same letters follow the table.
        ("български", "balgarski"),
        ("Българи", "Balgari"),
    ],
)
def test_bulgaria_is_the_exception_the_act_names(cyrillic, latin):
    assert transliterate(cyrillic) == latin


def test_slug_of_bulgaria_uses_the_exception():
    assert slugify_bg("Фондация „Отворена България“") == "fondatsia-otvorena-bulgaria"
