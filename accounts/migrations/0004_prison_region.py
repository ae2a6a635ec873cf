from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_audit_event'),
    ]

    operations = [
        migrations.AddField(
            model_name='prison',
            name='population',
            field=models.PositiveIntegerField(blank=True, help_text="The prison's population, for figures per 1,000 prisoners", null=True, verbose_name='Prisoners held'),
        ),
        migrations.AddField(
            model_name='prison',
            name='region',
            field=models.CharField(blank=True, choices=[('north-east', 'North East'), ('north-west', 'North West'), ('yorkshire', 'Yorkshire and the Humber'), ('east-midlands', 'East Midlands'), ('west-midlands', 'West Midlands'), ('east', 'East of England'), ('london', 'London'), ('south-east', 'South East'), ('south-west', 'South West'), ('wales', 'Wales')], max_length=20),
        ),
        migrations.AddConstraint(
            model_name='prison',
            constraint=models.CheckConstraint(condition=models.Q(('region', ''), ('region__in', ['north-east', 'north-west', 'yorkshire', 'east-midlands', 'west-midlands', 'east', 'london', 'south-east', 'south-west', 'wales']), _connector='OR'), name='prison_region_valid'),
        ),
    ]
